package org.beacon.dispatch.alert.broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.agrona.collections.Long2ObjectHashMap;
import org.beacon.codecs.AlertZone;
import org.beacon.codecs.BroadcastOutcome;
import org.beacon.dispatch.alert.cap.CapAlert;
import org.beacon.dispatch.alert.cap.CapInfo;
import org.beacon.dispatch.alert.cap.CapMsgType;
import org.beacon.dispatch.alert.cap.CapResponseType;

/**
 * A simulated cell-broadcast centre (CBC): turns an issued CAP message into cell-broadcast messages and hands them to
 * the cells of a {@link CellNetwork}, like a CBC does for a cell-broadcast entity (here Beacon) over SBc-AP / CBSP.
 *
 * <p>Per info block: the cells are those whose coverage intersects the info's area (Evacuate: the inner zone;
 * Avoid and AllClear: the outer area); the message identifier follows {@link EuAlertMessageIds} (the first info of a
 * zone on the local-language channel, later ones on the additional-language twin); the text is the headline and the
 * instruction (the event when both are missing) in UCS-2 {@link CbsPages}; the info's area goes with the message for
 * handsets that geofence.
 *
 * <p>Serial numbers ({@link SerialNumber}): an Alert takes a free 10-bit message code and update number 0; an Update
 * of the same alert keeps the code and increments the update number (mod 16), so handsets replace what they show; a
 * Cancel stops ("kills") the alert's broadcasts and sends the all-clear, one update further, on the alert's own inner
 * and outer channels over the outer area, so it replaces whatever a handset showed. Alerts are keyed by Beacon's alert
 * id: its CAP messages are one CBC warning. Not thread-safe: one gateway thread owns it.
 */
public final class CellBroadcastCentre
{
    private static final int[] NO_CELLS = new int[0];

    private final CellNetwork network;
    private final Long2ObjectHashMap<ActiveAlert> active = new Long2ObjectHashMap<>();
    private int nextMessageCode = 1;

    /** The CBC's memory of an alert it broadcasts. */
    private static final class ActiveAlert
    {
        int messageCode;
        int updateNumber;
        int messageIdInner;
        int messageIdOuter;
        int[] cells = NO_CELLS;
    }

    /**
     * A centre over a network.
     *
     * @param network the cells.
     */
    public CellBroadcastCentre(final CellNetwork network)
    {
        this.network = network;
    }

    /** @return the cells. */
    public CellNetwork network()
    {
        return network;
    }

    /**
     * Whether an alert is being broadcast.
     *
     * @param alertKey the alert.
     * @return true between its Alert and its Cancel.
     */
    public boolean isActive(final long alertKey)
    {
        return active.containsKey(alertKey);
    }

    /**
     * Broadcasts an issued CAP message (already validated).
     *
     * @param alertKey the alert the message belongs to.
     * @param cap      the message.
     * @return what was done.
     */
    public Broadcast broadcast(final long alertKey, final CapAlert cap)
    {
        final CapMsgType msgType = cap.msgType();
        if (msgType != CapMsgType.ALERT && msgType != CapMsgType.UPDATE && msgType != CapMsgType.CANCEL)
        {
            return Broadcast.failed(alertKey, cap.identifier(), msgType, "msgType " + msgType.token() + " is not broadcast");
        }
        final boolean cancel = msgType == CapMsgType.CANCEL;
        final List<Planned> planned = new ArrayList<>();
        final Broadcast unplanned = plan(alertKey, cap, cancel, planned);
        if (null != unplanned)
        {
            return unplanned;
        }

        ActiveAlert state = active.get(alertKey);
        final boolean known = null != state;
        if (!known)
        {
            if (cancel)
            {
                return cancelUnknown(alertKey, cap, planned);
            }
            state = new ActiveAlert();
            state.messageCode = allocateMessageCode();
            state.updateNumber = 0;
        }
        else
        {
            state.updateNumber = (state.updateNumber + 1) & SerialNumber.MAX_UPDATE_NUMBER;
        }
        final int serial = SerialNumber.of(SerialNumber.SCOPE_CELL_IMMEDIATE, state.messageCode, state.updateNumber);

        final Composition composed = compose(cap, cancel, planned, state, serial);
        final List<CbsMessage> messages = composed.messages;
        final TreeSet<Integer> inner = composed.inner;
        final TreeSet<Integer> all = composed.all;
        final boolean truncated = composed.truncated;
        final int idInner = composed.idInner;
        final int idOuter = composed.idOuter;
        final int[] innerCells = inner.stream().mapToInt(Integer::intValue).toArray();
        final int[] outerCells = all.stream().filter(c -> !inner.contains(c)).mapToInt(Integer::intValue).toArray();
        final String detail = truncated ? "text cut to " + CbsPages.MAX_PAGES + " CBS pages (" + CbsPages.MAX_UNITS + " UCS-2 characters)" :
            "";
        if (cancel)
        {
            active.remove(alertKey);
            return new Broadcast(alertKey, cap.identifier(), msgType, BroadcastOutcome.CANCELLED, idInner, idOuter, serial, NO_CELLS,
                outerCells, messages, detail.isEmpty() ? "killed in " + state.cells.length + " cells" : detail);
        }
        if (all.isEmpty())
        {
            if (!known)
            {
                // nothing went out: the code is free again
                return new Broadcast(alertKey, cap.identifier(), msgType, BroadcastOutcome.NO_CELLS, idInner, idOuter, serial, NO_CELLS,
                    NO_CELLS, List.of(), "no cell covers the alert's area");
            }
            state.cells = NO_CELLS;
            return new Broadcast(alertKey, cap.identifier(), msgType, BroadcastOutcome.NO_CELLS, idInner, idOuter, serial, NO_CELLS,
                NO_CELLS, List.of(), "no cell covers the alert's area");
        }
        state.messageIdInner = 0 == idInner ? state.messageIdInner : idInner;
        state.messageIdOuter = 0 == idOuter ? state.messageIdOuter : idOuter;
        state.cells = all.stream().mapToInt(Integer::intValue).toArray();
        active.put(alertKey, state);
        return new Broadcast(alertKey, cap.identifier(), msgType, BroadcastOutcome.BROADCAST, idInner, idOuter, serial, innerCells,
            outerCells, List.copyOf(messages), detail);
    }

    /**
     * Plans one message per info block: its zone, level, area and cells.
     *
     * @return null when every block can be broadcast, else the failure.
     */
    private Broadcast plan(final long alertKey, final CapAlert cap, final boolean cancel, final List<Planned> planned)
    {
        final CapMsgType msgType = cap.msgType();
        int innerCount = 0;
        int outerCount = 0;
        int infoNumber = 0;
        for (final CapInfo info : cap.infos())
        {
            infoNumber++;
            final boolean inner = !cancel && info.responseTypes().contains(CapResponseType.EVACUATE);
            final BroadcastArea area = BroadcastArea.of(info.areas(), network.plane());
            if (area.isEmpty())
            {
                return Broadcast.failed(alertKey, cap.identifier(), msgType, "info " + infoNumber + " (" + info.language()
                    + ") has no circle or polygon to select cells with");
            }
            final boolean additional = inner ? innerCount++ > 0 : outerCount++ > 0;
            final MessageLevel level = cancel || info.responseTypes().contains(CapResponseType.ALL_CLEAR) ? MessageLevel.ALL_CLEAR :
                inner ? MessageLevel.EVACUATE : MessageLevel.AVOID;
            planned.add(new Planned(info, inner ? AlertZone.INNER : AlertZone.OUTER, level, additional, area,
                network.cellsIntersecting(area.selectionGeometry())));
        }
        return null;
    }

    /** Composes the CBS messages of the planned info blocks and collects their cells and message ids. */
    private static Composition compose(final CapAlert cap, final boolean cancel, final List<Planned> planned, final ActiveAlert state,
        final int serial)
    {
        final Composition c = new Composition();
        for (final Planned p : planned)
        {
            final CbsPages pages = CbsPages.ucs2(text(p.info));
            c.truncated |= pages.truncated();
            for (final int cell : p.cells)
            {
                c.all.add(cell);
                if (p.zone == AlertZone.INNER)
                {
                    c.inner.add(cell);
                }
            }
            if (cancel)
            {
                // the all-clear replaces what handsets show on both of the alert's channels
                final int innerId = p.additional ? EuAlertMessageIds.additionalLanguageOf(state.messageIdInner) : state.messageIdInner;
                final int outerId = p.additional ? EuAlertMessageIds.additionalLanguageOf(state.messageIdOuter) : state.messageIdOuter;
                c.messages.add(new CbsMessage(innerId, serial, AlertZone.OUTER, p.level, p.info.language(), p.additional, p.area, p.cells,
                    pages));
                if (outerId != innerId)
                {
                    c.messages.add(new CbsMessage(outerId, serial, AlertZone.OUTER, p.level, p.info.language(), p.additional, p.area,
                        p.cells, pages));
                }
                c.idInner = state.messageIdInner;
                c.idOuter = state.messageIdOuter;
            }
            else
            {
                final int id = EuAlertMessageIds.forInfo(cap.status(), p.info, p.additional);
                c.messages.add(new CbsMessage(id, serial, p.zone, p.level, p.info.language(), p.additional, p.area, p.cells, pages));
                if (!p.additional && p.zone == AlertZone.INNER && c.idInner == 0)
                {
                    c.idInner = id;
                }
                if (!p.additional && p.zone == AlertZone.OUTER && c.idOuter == 0)
                {
                    c.idOuter = id;
                }
            }
        }
        return c;
    }

    /** The messages of one broadcast, their cells and message identifiers. */
    private static final class Composition
    {
        final List<CbsMessage> messages = new ArrayList<>();
        final TreeSet<Integer> inner = new TreeSet<>();
        final TreeSet<Integer> all = new TreeSet<>();
        boolean truncated;
        int idInner;
        int idOuter;
    }

    private Broadcast cancelUnknown(final long alertKey, final CapAlert cap, final List<Planned> planned)
    {
        // the CBC has no broadcast of this alert (it started after the alert went out): nothing to kill, and the all-clear
        // goes out on the default channels of an Evacuate / Avoid pair so that handsets still showing it clear it
        final ActiveAlert state = new ActiveAlert();
        state.messageCode = allocateMessageCode();
        state.updateNumber = 0;
        state.messageIdInner = EuAlertMessageIds.EXTREME_IMMEDIATE_OBSERVED;
        state.messageIdOuter = EuAlertMessageIds.SEVERE_IMMEDIATE_OBSERVED;
        active.put(alertKey, state);
        final Broadcast result = broadcast(alertKey, cap);
        return new Broadcast(result.alertKey(), result.identifier(), result.msgType(), result.outcome(), result.messageIdInner(),
            result.messageIdOuter(), result.serialNumber(), result.innerCells(), result.outerCells(), result.messages(),
            "the alert was not being broadcast; all-clear sent on the default channels");
    }

    private int allocateMessageCode()
    {
        for (int tries = 0; tries <= SerialNumber.MAX_MESSAGE_CODE; tries++)
        {
            final int code = nextMessageCode;
            nextMessageCode = nextMessageCode == SerialNumber.MAX_MESSAGE_CODE ? 1 : nextMessageCode + 1;
            if (!inUse(code))
            {
                return code;
            }
        }
        throw new IllegalStateException("all " + SerialNumber.MAX_MESSAGE_CODE + " message codes are in use");
    }

    private boolean inUse(final int code)
    {
        for (final ActiveAlert alert : active.values())
        {
            if (alert.messageCode == code)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The text a handset shows for an info block: headline, then instruction; the event when both are missing.
     *
     * @param info the info block.
     * @return the text.
     */
    public static String text(final CapInfo info)
    {
        final StringBuilder text = new StringBuilder();
        if (null != info.headline() && !info.headline().isBlank())
        {
            text.append(info.headline().strip());
        }
        if (null != info.instruction() && !info.instruction().isBlank())
        {
            text.append(text.length() > 0 ? "\n" : "").append(info.instruction().strip());
        }
        return text.length() > 0 ? text.toString() : info.event();
    }

    private record Planned(CapInfo info, AlertZone zone, MessageLevel level, boolean additional, BroadcastArea area, int[] cells)
    {
    }
}
