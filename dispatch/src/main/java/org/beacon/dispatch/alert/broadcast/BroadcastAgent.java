package org.beacon.dispatch.alert.broadcast;

import org.beacon.core.MessageView;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.AlertIssuedDecoder;
import org.beacon.codecs.AlertMsgType;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.codecs.BroadcastReportEncoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.core.client.CoreClient;
import org.beacon.core.client.GatewaySession;
import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapArea;
import org.beacon.dispatch.alert.cap.CapCategory;
import org.beacon.dispatch.alert.cap.CapCertainty;
import org.beacon.dispatch.alert.cap.CapCircle;
import org.beacon.dispatch.alert.cap.CapInfo;
import org.beacon.dispatch.alert.cap.CapFormatException;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapReader;
import org.beacon.dispatch.alert.cap.CapResponseType;
import org.beacon.dispatch.alert.cap.CapScope;
import org.beacon.dispatch.alert.cap.CapSeverity;
import org.beacon.dispatch.alert.cap.CapStatus;
import org.beacon.dispatch.alert.cap.CapUrgency;
import org.beacon.dispatch.alert.cap.CapWriter;
import org.beacon.dispatch.alert.cap.CapValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty cycle of the broadcast gateway: polls egress for {@code AlertIssued}, validates its CAP message
 * ({@link CapValidator}; a message that fails is not broadcast and is reported FAILED with the reasons), reads it
 * ({@link CapReader}), hands it to the {@link CellBroadcastCentre}, offers a {@code BroadcastReport} on ingress, then lets
 * the simulated handsets receive it and tells the listeners, both on the "air" executor (its own thread in the gateway).
 *
 * <p>Reports are never dropped silently: each is queued, offered with a bounded retry on back pressure
 * ({@link #OFFER_TIMEOUT_NS}), and kept for the next duty cycle when the core is back-pressured, not connected or
 * closed; every refusal is counted and logged (the first, then every {@value #LOG_EVERY}th). Only beyond
 * {@value #MAX_PENDING} queued reports is the oldest given up, counted and logged as an error.
 */
public final class BroadcastAgent implements Agent
{
    /** How long one offer retries while back-pressured before the report waits for the next duty cycle. */
    public static final long OFFER_TIMEOUT_NS = 50_000_000L;
    /** Most reports kept while the core does not take them. */
    public static final int MAX_PENDING = 65_536;
    /** Longest detail text reported, in characters. */
    public static final int MAX_DETAIL = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastAgent.class);
    private static final int LOG_EVERY = 1_000;

    private final GatewaySession<Void> session;
    private final CellBroadcastCentre cbc;
    private final HandsetDisplay display;
    private final LongSupplier epochClockNs;
    private final LongSupplier nanoClock;
    private final Executor air;
    private final List<BroadcastListener> listeners = new CopyOnWriteArrayList<>();
    private final MessageView view = new MessageView();
    private final AlertIssuedDecoder issued = new AlertIssuedDecoder();
    private final MessageHeaderEncoder reportHeader = new MessageHeaderEncoder();
    private final BroadcastReportEncoder report = new BroadcastReportEncoder();
    private final ExpandableArrayBuffer reportBuffer = new ExpandableArrayBuffer(4096);
    private final UnsafeBuffer pendingView = new UnsafeBuffer(new byte[0]);
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long issuedSeen;
    private long broadcasts;
    private long failed;
    private long reportsOffered;
    private long offerRefusals;
    private long reportsDropped;

    /**
     * An agent.
     *
     * @param client       connection to the core: egress, and ingress for the reports (the agent's session owns and
     *                     closes it).
     * @param cbc          the cell-broadcast centre.
     * @param display      the simulated handsets, or null for none.
     * @param epochClockNs the gateway's clock, epoch nanoseconds (broadcastAtNs).
     * @param nanoClock    the in-process clock listeners measure with ({@link System#nanoTime()}).
     * @param air          runs the handsets' reception and the listeners, one task after the other, in order.
     */
    public BroadcastAgent(
        final CoreClient client, final CellBroadcastCentre cbc, final HandsetDisplay display,
        final LongSupplier epochClockNs, final LongSupplier nanoClock, final Executor air)
    {
        // reports are offered from the duty cycle: back pressure is retried for a bounded time only
        this.session = GatewaySession.<Void>builder(BroadcastGateway.SOURCE_ID)
            .client(client)
            .fragmentLimit(16)
            .offerTimeoutNs(OFFER_TIMEOUT_NS)
            .egress(this::onFrame)
            .build();
        this.cbc = cbc;
        this.display = display;
        this.epochClockNs = epochClockNs;
        this.nanoClock = nanoClock;
        this.air = air;
    }

    /**
     * Adds a listener; it sees the messages handled from then on.
     *
     * @param listener the listener.
     */
    public void addListener(final BroadcastListener listener)
    {
        listeners.add(listener);
    }

    @Override
    public int doWork()
    {
        int work = offerPending();
        work += session.poll();
        return work;
    }

    private void onFrame(final long inputSequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (view.wrap(buffer, offset, length) != AlertIssuedDecoder.TEMPLATE_ID)
        {
            return;
        }
        issued.wrap(view.buffer(), MessageView.BODY, view.blockLength(), view.version());
        issuedSeen++;
        final long alertId = issued.alertId();
        final int revision = issued.revision();
        final AlertMsgType msgType = issued.msgType();
        final long issuedAtNs = issued.issuedAtNs();
        final AlertIssuedDecoder.PolygonDecoder polygon = issued.polygon();
        while (polygon.hasNext())
        {
            polygon.next();
        }
        final String identifier = issued.identifier();
        final String capXml = issued.capXml();
        handle(alertId, revision, msgType, issuedAtNs, identifier, capXml);
    }

    /**
     * Handles one issued message: validate, read, broadcast, report, deliver, tell the listeners.
     *
     * @param alertId    the alert.
     * @param revision   its revision.
     * @param msgType    the message type the core issued.
     * @param issuedAtNs the core's stamp.
     * @param identifier the CAP identifier.
     * @param capXml     the CAP message.
     */
    void handle(
        final long alertId, final int revision, final AlertMsgType msgType, final long issuedAtNs, final String identifier,
        final String capXml)
    {
        final long receivedNanoTime = nanoClock.getAsLong();
        final Broadcast broadcast = broadcast(alertId, msgType, identifier, capXml);
        final long completedNanoTime = nanoClock.getAsLong();
        final boolean sent = broadcast.outcome() == BroadcastOutcome.BROADCAST || broadcast.outcome() == BroadcastOutcome.CANCELLED;
        final long broadcastAtNs = sent ? epochClockNs.getAsLong() : 0L;
        if (sent)
        {
            broadcasts++;
        }
        else
        {
            failed += broadcast.outcome() == BroadcastOutcome.FAILED ? 1 : 0;
            LOG.warn("alert {} revision {} {} not broadcast: {} {}", alertId, revision, identifier, broadcast.outcome(),
                broadcast.detail());
        }
        enqueueReport(alertId, revision, msgType, issuedAtNs, broadcastAtNs, broadcast);
        offerPending();
        // the air and the handsets are simulation, not the system: they run on their own thread, in order, so that their
        // cost never delays the next broadcast
        air.execute(() ->
        {
            final HandsetDisplay.Delivery delivery = null != display && sent ?
                display.deliver(broadcast) : HandsetDisplay.Delivery.none(alertId);
            final BroadcastEvent event = new BroadcastEvent(alertId, revision, msgType, issuedAtNs, broadcastAtNs, receivedNanoTime,
                completedNanoTime, broadcast, delivery);
            for (final BroadcastListener listener : listeners)
            {
                listener.onBroadcast(event);
            }
        });
    }

    private Broadcast broadcast(final long alertId, final AlertMsgType msgType, final String identifier, final String capXml)
    {
        final List<String> problems = CapValidator.validate(capXml);
        if (!problems.isEmpty())
        {
            return Broadcast.failed(alertId, identifier, null, "invalid CAP: " + String.join("; ", problems));
        }
        final CapAlert cap;
        try
        {
            cap = CapReader.read(capXml);
        }
        catch (final CapFormatException ex)
        {
            return Broadcast.failed(alertId, identifier, null, "unreadable CAP: " + ex.getMessage());
        }
        final CapMsgType expected = switch (msgType)
        {
            case ALERT -> CapMsgType.ALERT;
            case UPDATE -> CapMsgType.UPDATE;
            case CANCEL -> CapMsgType.CANCEL;
            default -> null;
        };
        if (cap.msgType() != expected)
        {
            return Broadcast.failed(alertId, cap.identifier(), cap.msgType(), "the CAP msgType " + cap.msgType().token() +
                " does not match the issued " + msgType);
        }
        if (!cap.identifier().equals(identifier))
        {
            return Broadcast.failed(alertId, cap.identifier(), cap.msgType(), "the CAP identifier " + cap.identifier() +
                " does not match the issued " + identifier);
        }
        try
        {
            return cbc.broadcast(alertId, cap);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("the CBC failed on alert {} {}", alertId, identifier, ex);
            return Broadcast.failed(alertId, cap.identifier(), cap.msgType(), "CBC error: " + ex);
        }
    }

    private void enqueueReport(
        final long alertId, final int revision, final AlertMsgType msgType, final long issuedAtNs, final long broadcastAtNs,
        final Broadcast broadcast)
    {
        report.wrapAndApplyHeader(reportBuffer, 0, reportHeader)
            .alertId(alertId)
            .revision(revision)
            .msgType(null == msgType || msgType == AlertMsgType.NULL_VAL ? AlertMsgType.ALERT : msgType)
            .outcome(broadcast.outcome())
            .messageIdInner(broadcast.messageIdInner())
            .messageIdOuter(broadcast.messageIdOuter())
            .serialNumber(broadcast.serialNumber())
            .issuedAtNs(issuedAtNs)
            .broadcastAtNs(broadcastAtNs);
        final BroadcastReportEncoder.CellsEncoder cells = report.cellsCount(broadcast.innerCells().length + broadcast.outerCells().length);
        for (final int cell : broadcast.innerCells())
        {
            cells.next().cellId(cell).zone(AlertZone.INNER);
        }
        for (final int cell : broadcast.outerCells())
        {
            cells.next().cellId(cell).zone(AlertZone.OUTER);
        }
        final String detail = broadcast.detail();
        report.identifier(null == broadcast.identifier() ? "" : broadcast.identifier())
            .detail(detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 1) + "\u2026" : detail);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
        final byte[] bytes = new byte[length];
        reportBuffer.getBytes(0, bytes);
        if (pending.size() >= MAX_PENDING)
        {
            pending.pollFirst();
            reportsDropped++;
            LOG.error("{} broadcast reports waiting for the core: the oldest is given up ({} so far)", MAX_PENDING, reportsDropped);
        }
        pending.addLast(bytes);
    }

    private int offerPending()
    {
        int offered = 0;
        while (!pending.isEmpty())
        {
            final byte[] bytes = pending.peekFirst();
            pendingView.wrap(bytes);
            final long result = session.offer(pendingView, 0, bytes.length);
            if (result > 0)
            {
                pending.pollFirst();
                reportsOffered++;
                offered++;
                continue;
            }
            offerRefusals++;
            if (offerRefusals == 1 || offerRefusals % LOG_EVERY == 0)
            {
                LOG.warn("the core did not take a broadcast report ({}); {} waiting, {} refusals so far", reason(result), pending.size(),
                    offerRefusals);
            }
            break;
        }
        return offered;
    }

    private static String reason(final long result)
    {
        if (result == Publication.NOT_CONNECTED)
        {
            return "not connected";
        }
        if (result == Publication.CLOSED)
        {
            return "closed";
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return "back-pressured for " + OFFER_TIMEOUT_NS / 1_000_000 + " ms";
        }
        return "code " + result;
    }

    /**
     * Runs the whole path (validate, read, select cells, page) on a sample alert over the real network but a scratch CBC,
     * so that class loading and the JIT happen before the first real alert rather than during it.
     *
     * @param rounds how many times.
     */
    public void warmUp(final int rounds)
    {
        final GeoPlane plane = cbc.network().plane();
        final CapArea inner = CapArea.circle("warm-up", new CapCircle(plane.originLat(), plane.originLon(), 0.15));
        final CapArea outer = CapArea.circle("warm-up", new CapCircle(plane.originLat(), plane.originLon(), 0.5));
        final CapAlert.Builder builder = CapAlert.builder("WARM-UP-1", "warm-up@beacon", java.time.Instant.EPOCH, CapStatus.EXERCISE,
            CapMsgType.ALERT, CapScope.PUBLIC);
        for (final String language : new String[] {"vi-VN", "en-US", "vi-VN", "en-US"})
        {
            final boolean evacuate = builder.build().infos().size() < 2;
            builder.info(CapInfo.builder(CapCategory.FIRE, "Cháy nhà", CapUrgency.IMMEDIATE,
                    evacuate ? CapSeverity.EXTREME : CapSeverity.SEVERE, CapCertainty.OBSERVED)
                .language(language)
                .responseType(evacuate ? CapResponseType.EVACUATE : CapResponseType.AVOID)
                .headline("Thử nghiệm — sơ tán / exercise")
                .instruction("Không cần làm gì.")
                .area(evacuate ? inner : outer)
                .build());
        }
        final String xml = CapWriter.write(builder.build());
        final CellBroadcastCentre scratch = new CellBroadcastCentre(cbc.network());
        for (int i = 0; i < rounds; i++)
        {
            if (!CapValidator.validate(xml).isEmpty())
            {
                throw new IllegalStateException("the warm-up alert is invalid: " + CapValidator.validate(xml));
            }
            scratch.broadcast(1, CapReader.read(xml));
        }
    }

    @Override
    public void onClose()
    {
        session.close();
    }

    @Override
    public String roleName()
    {
        return "broadcast-gateway";
    }

    /** @return whether the agent reaches the core both ways; read from any thread. */
    public boolean coreConnected()
    {
        return session.isConnected();
    }

    /** @return AlertIssued messages seen on egress. */
    public long issuedSeen()
    {
        return issuedSeen;
    }

    /** @return messages broadcast or cancelled. */
    public long broadcasts()
    {
        return broadcasts;
    }

    /** @return messages reported FAILED. */
    public long failed()
    {
        return failed;
    }

    /** @return reports the core took. */
    public long reportsOffered()
    {
        return reportsOffered;
    }

    /** @return offers the core refused (each retried later). */
    public long offerRefusals()
    {
        return offerRefusals;
    }

    /** @return reports given up because too many waited. */
    public long reportsDropped()
    {
        return reportsDropped;
    }

    /** @return reports waiting for the core. */
    public int reportsPending()
    {
        return pending.size();
    }

    /** @return the cell-broadcast centre. */
    public CellBroadcastCentre cbc()
    {
        return cbc;
    }
}
