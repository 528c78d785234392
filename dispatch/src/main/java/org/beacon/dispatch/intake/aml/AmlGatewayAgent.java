package org.beacon.dispatch.intake.aml;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AckCode;
import org.beacon.codecs.AckDecoder;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.client.CoreClient;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one thread towards the core: it takes validated requests from the queue, offers each
 * as a {@code LocationFix} (call id 0: AML knows only the caller's number), polls egress for the Acks
 * and answers 200 only once an Ack says the fix is journaled. A request whose Ack does not come within
 * the timeout, or that cannot be offered because the core is unreachable, is answered 503 so the
 * sender retries (a retried fix may then be journaled twice; a duplicate fix is harmless, a lost one
 * is not). It owns the {@link CoreClient} and is the only thread that touches it.
 */
final class AmlGatewayAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(AmlGatewayAgent.class);
    private static final int DRAIN_LIMIT = 64;
    private static final int FRAGMENT_LIMIT = 64;

    private final Queue<AmlRequest> queue;
    private final AmlGatewayCounters counters;
    private final Supplier<CoreClient> clientSupplier;
    private final LongSupplier nanoClock;
    private final long ackTimeoutNs;
    private final long reconnectIntervalNs;
    private final Long2ObjectHashMap<AmlRequest> pending = new Long2ObjectHashMap<>();
    private final ArrayDeque<AmlRequest> byDeadline = new ArrayDeque<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LocationFixEncoder fixEncoder = new LocationFixEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final CoreClient.EgressListener onFrame = this::onFrame;
    private final long correlationBase;
    private long correlationCounter;
    private CoreClient client;
    private long nextConnectNs;
    private volatile boolean connected;
    private volatile boolean clientFailed;

    AmlGatewayAgent(
        final Queue<AmlRequest> queue, final AmlGatewayCounters counters, final Supplier<CoreClient> clientSupplier,
        final LongSupplier nanoClock, final long ackTimeoutNs, final long reconnectIntervalNs, final int sourceId)
    {
        this.queue = queue;
        this.counters = counters;
        this.clientSupplier = clientSupplier;
        this.nanoClock = nanoClock;
        this.ackTimeoutNs = ackTimeoutNs;
        this.reconnectIntervalNs = reconnectIntervalNs;
        // Acks go to every egress subscriber; the source id in the top bits keeps this gateway's ids apart from others'
        this.correlationBase = (long)sourceId << 48;
        this.nextConnectNs = nanoClock.getAsLong();
    }

    @Override
    public String roleName()
    {
        return "aml-gateway";
    }

    /** Called from the client's own threads when it has failed for good; the gateway thread replaces it. */
    void clientFailed()
    {
        clientFailed = true;
    }

    /** @return whether the gateway holds a client connected to the core; read from any thread. */
    boolean connected()
    {
        return connected;
    }

    @Override
    public int doWork()
    {
        final long now = nanoClock.getAsLong();
        int work = 0;
        try
        {
            if (clientFailed)
            {
                clientFailed = false;
                LOG.warn("AML gateway lost the core's media driver; reconnecting");
                dropClient(now);
            }
            if (null == client && now - nextConnectNs >= 0)
            {
                connect(now);
            }
            if (null != client)
            {
                connected = client.isConnected();
                work += client.poll(onFrame, FRAGMENT_LIMIT);
            }
            work += drain(now);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("AML gateway lost the core: {}", ex.toString());
            dropClient(now);
        }
        work += expire(now);
        return work;
    }

    private void connect(final long now)
    {
        try
        {
            client = clientSupplier.get();
        }
        catch (final RuntimeException ex)
        {
            client = null;
            LOG.warn("AML gateway cannot reach the core yet: {}", ex.toString());
        }
        if (null == client)
        {
            nextConnectNs = now + reconnectIntervalNs;
        }
    }

    private void dropClient(final long now)
    {
        final CoreClient lost = client;
        client = null;
        connected = false;
        nextConnectNs = now + reconnectIntervalNs;
        failPending("core unreachable");
        if (null != lost)
        {
            try
            {
                lost.close();
            }
            catch (final RuntimeException ignored)
            {
                // the client is gone either way
            }
        }
    }

    private int drain(final long now)
    {
        int drained = 0;
        AmlRequest request;
        while (drained < DRAIN_LIMIT && null != (request = queue.poll()))
        {
            drained++;
            if (null == client || !client.isConnected())
            {
                unavailable(request, "core unreachable: the fix was not journaled");
                continue;
            }
            final long correlationId = correlationBase + (++correlationCounter & 0xFFFF_FFFF_FFFFL);
            final long result;
            try
            {
                result = client.offer(correlationId, buffer, 0, encode(request.message()));
            }
            catch (final RuntimeException ex)
            {
                // answer this one before the caller drops the client and fails the others
                unavailable(request, "core unreachable: the fix was not journaled");
                throw ex;
            }
            if (result < 0)
            {
                unavailable(request, "core unreachable: the fix was not journaled");
                if (result != CoreClient.NOT_CONNECTED)
                {
                    // closed, or the stream is used up: only a new client helps
                    dropClient(now);
                }
                continue;
            }
            request.correlationId = correlationId;
            request.deadlineNs = now + ackTimeoutNs;
            pending.put(correlationId, request);
            byDeadline.addLast(request);
        }
        return drained;
    }

    private int encode(final AmlMessage message)
    {
        final ParsedLocation location = message.location();
        fixEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .callId(0)
            .fixSource(message.source())
            .locationQuality(location.quality())
            .locationMethod(location.method())
            .shape(location.shape())
            .locationProblem(location.problem());
        fixEncoder.location().latMicros(location.latMicros()).lonMicros(location.lonMicros());
        fixEncoder.uncertaintyM(location.uncertaintyM())
            .confidencePct((short)location.confidencePct())
            .fixTimeNs(message.fixTimeNs());
        fixEncoder.caller(orEmpty(message.caller()));
        fixEncoder.imsi(orEmpty(message.imsi()));
        fixEncoder.imei(orEmpty(message.imei()));
        return MessageHeaderEncoder.ENCODED_LENGTH + fixEncoder.encodedLength();
    }

    private static String orEmpty(final String value)
    {
        return null == value ? "" : value;
    }

    private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer frame, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(frame, offset);
        if (headerDecoder.templateId() != AckDecoder.TEMPLATE_ID || headerDecoder.schemaId() != AckDecoder.SCHEMA_ID)
        {
            return;
        }
        ackDecoder.wrap(frame, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final AmlRequest request = pending.remove(ackDecoder.correlationId());
        if (null == request)
        {
            return;
        }
        request.answered = true;
        if (ackDecoder.code() == AckCode.JOURNALED)
        {
            counters.onAccepted(request.message().hasFix());
            if (LOG.isDebugEnabled())
            {
                LOG.debug("AML {} for {} journaled at {}", request.message().source(), PersonalData.mask(request.message().caller()),
                    ackDecoder.sequence());
            }
            AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.OK, "journaled " + ackDecoder.sequence());
        }
        else
        {
            counters.onRejected("core-" + ackDecoder.code());
            LOG.warn("core refused an AML fix: {}", ackDecoder.code());
            AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "the core refused the fix: " + ackDecoder.code());
        }
    }

    private int expire(final long now)
    {
        int expired = 0;
        AmlRequest head;
        while (null != (head = byDeadline.peekFirst()) && (head.answered || now - head.deadlineNs >= 0))
        {
            byDeadline.pollFirst();
            if (!head.answered)
            {
                pending.remove(head.correlationId);
                expired++;
                unavailable(head, "not journaled in time: retry");
            }
        }
        return expired;
    }

    private void failPending(final String reason)
    {
        for (final AmlRequest request : byDeadline)
        {
            if (!request.answered)
            {
                unavailable(request, reason);
            }
        }
        byDeadline.clear();
        pending.clear();
    }

    private void unavailable(final AmlRequest request, final String text)
    {
        request.answered = true;
        counters.onUnavailable();
        AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, text);
    }

    @Override
    public void onClose()
    {
        failPending("gateway closing");
        AmlRequest request;
        while (null != (request = queue.poll()))
        {
            unavailable(request, "gateway closing");
        }
        connected = false;
        if (null != client)
        {
            try
            {
                client.close();
            }
            catch (final RuntimeException ignored)
            {
                // closing anyway
            }
            client = null;
        }
    }
}
