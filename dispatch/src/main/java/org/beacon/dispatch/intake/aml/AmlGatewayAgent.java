package org.beacon.dispatch.intake.aml;

import java.util.Queue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.IntakeNoteEncoder;
import org.beacon.codecs.LocationFixEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.AckCode;
import org.beacon.core.client.AckView;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewaySession;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one thread towards the core: it takes validated requests from the queue, offers each
 * as a {@code LocationFix} (call id 0: AML knows only the caller's number) through its {@link GatewaySession},
 * and answers 200 only once an Ack says the fix is journaled. A request whose Ack does not come within
 * the timeout, or that cannot be offered because the core is unreachable, is answered 503 so the
 * sender retries (a retried fix may then be journaled twice; a duplicate fix is harmless, a lost one
 * is not). It owns the session and is the only thread that touches it.
 */
final class AmlGatewayAgent implements Agent, GatewaySession.Listener<AmlRequest>
{
    private static final Logger LOG = LoggerFactory.getLogger(AmlGatewayAgent.class);
    private static final int DRAIN_LIMIT = 64;
    private static final int FRAGMENT_LIMIT = 64;
    private static final String UNREACHABLE = "core unreachable: the fix was not journaled";
    /** The offer of the fix itself: its outcome answers the sender. */
    private static final int FIX = 0;
    /** The {@code IntakeNote} after it (the number as received): its outcome answers nobody. */
    private static final int NOTE = 1;

    private final Queue<AmlRequest> queue;
    private final AmlGatewayCounters counters;
    private final LongSupplier nanoClock;
    private final long ackTimeoutNs;
    private final GatewaySession<AmlRequest> session;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LocationFixEncoder fixEncoder = new LocationFixEncoder();
    private final IntakeNoteEncoder noteEncoder = new IntakeNoteEncoder();

    AmlGatewayAgent(
        final Queue<AmlRequest> queue, final AmlGatewayCounters counters, final Supplier<CoreClient> clientSupplier,
        final LongSupplier nanoClock, final long ackTimeoutNs, final long reconnectIntervalNs, final int sourceId)
    {
        this.queue = queue;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.ackTimeoutNs = ackTimeoutNs;
        this.session = GatewaySession.<AmlRequest>builder(sourceId)
            .clients(clientSupplier)
            .nanoClock(nanoClock)
            .reconnectIntervalNs(reconnectIntervalNs)
            .fragmentLimit(FRAGMENT_LIMIT)
            .capacity(64 * 1024)
            .failOnDisconnect(true)
            .listener(this)
            .build();
    }

    @Override
    public String roleName()
    {
        return "aml-gateway";
    }

    /** Called from the client's own threads when it has failed for good; the gateway thread replaces it. */
    void clientFailed()
    {
        session.clientFailed();
    }

    /** @return whether the gateway holds a client connected to the core; read from any thread. */
    boolean connected()
    {
        return session.connected();
    }

    @Override
    public int doWork()
    {
        int work = session.poll();
        work += drain(nanoClock.getAsLong());
        return work;
    }

    private int drain(final long now)
    {
        int drained = 0;
        AmlRequest request;
        while (drained < DRAIN_LIMIT && null != (request = queue.poll()))
        {
            drained++;
            if (!session.isConnected())
            {
                unavailable(request, UNREACHABLE);
                continue;
            }
            final long result = session.offer(request, FIX, buffer, 0, encode(request.message()), now + ackTimeoutNs);
            if (result <= 0)
            {
                unavailable(request, UNREACHABLE);
            }
            else if (request.message().callerNormalised())
            {
                // the number as the sender wrote it, for the record; its outcome answers nobody
                session.offer(request, NOTE, buffer, 0, encodeNote(request.message()), now + ackTimeoutNs);
            }
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

    private int encodeNote(final AmlMessage message)
    {
        noteEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .callId(0)
            .inputTemplateId(LocationFixEncoder.TEMPLATE_ID)
            .fixSource(message.source());
        noteEncoder.caller(orEmpty(message.caller()));
        noteEncoder.callerAsReceived(orEmpty(message.callerAsReceived()));
        noteEncoder.bodyProblem("");
        return MessageHeaderEncoder.ENCODED_LENGTH + noteEncoder.encodedLength();
    }

    private static String orEmpty(final String value)
    {
        return null == value ? "" : value;
    }

    @Override
    public void onJournaled(final AmlRequest request, final int kind, final long sequence)
    {
        if (kind == NOTE)
        {
            return;
        }
        counters.onAccepted(request.message().hasFix());
        if (LOG.isDebugEnabled())
        {
            LOG.debug("AML {} for {} journaled at {}", request.message().source(), PersonalData.mask(request.message().caller()),
                sequence);
        }
        AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.OK, "journaled " + sequence);
    }

    @Override
    public void onRejected(final AmlRequest request, final int kind, final short code)
    {
        if (kind == NOTE)
        {
            return;
        }
        final String name = AckView.codeName(code);
        counters.onRejected("core-" + name);
        LOG.warn("core refused an AML fix: {}", name);
        if (code == AckCode.REJECTED_LOW_DISK.value() || code == AckCode.REJECTED_DISK_FULL.value())
        {
            // not journaled because the centre's disk is full: a temporary condition, the sender retries
            AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "the core refused the fix: " + name + " (the centre's storage is full; retry later)", AmlResponses.RETRY_DISK_SECONDS);
            return;
        }
        AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR,
            "the core refused the fix: " + name);
    }

    @Override
    public void onFailed(final AmlRequest request, final int kind, final GatewaySession.Failure failure)
    {
        if (kind == NOTE)
        {
            return;
        }
        switch (failure)
        {
            case TIMEOUT, LOST -> unavailable(request, "not journaled in time: retry");
            case DISCONNECTED -> unavailable(request, "core unreachable");
            default -> unavailable(request, "gateway closing");
        }
    }

    @Override
    public void onConnectFailed(final Throwable cause)
    {
        LOG.warn("AML gateway cannot reach the core yet: {}", cause.toString());
    }

    @Override
    public void onLost(final Throwable cause)
    {
        if (null == cause)
        {
            LOG.warn("AML gateway lost the core's media driver; reconnecting");
        }
        else
        {
            LOG.warn("AML gateway lost the core: {}", cause.toString());
        }
    }

    private void unavailable(final AmlRequest request, final String text)
    {
        counters.onUnavailable();
        AmlResponses.send(request.channel, request.keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, text);
    }

    @Override
    public void onClose()
    {
        session.failAll(GatewaySession.Failure.CLOSING);
        AmlRequest request;
        while (null != (request = queue.poll()))
        {
            unavailable(request, "gateway closing");
        }
        session.close();
    }
}
