package org.beacon.console.model;

import static org.beacon.console.model.Decoding.body;
import static org.beacon.console.model.Decoding.fits;

import org.agrona.collections.Int2ObjectHashMap;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.BroadcastReportDecoder;
import org.beacon.codecs.CallEndedDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.CameraRegisteredDecoder;
import org.beacon.codecs.CrowdAlarmDecoder;
import org.beacon.codecs.EventFailedDecoder;
import org.beacon.codecs.HospitalStatusDecoder;
import org.beacon.codecs.IntakeNoteDecoder;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.PlateReadDecoder;
import org.beacon.codecs.RoadCongestionDecoder;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.SignalStatusDecoder;
import org.beacon.codecs.SnapshotRequestDecoder;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.codecs.WatchlistEntryDecoder;
import org.beacon.core.MessageView;

/**
 * Poison events: an {@code EventFailed} output (the state machine threw on an input, the node journaled the failure
 * and went on) raises an alarm notice, {@code "event 50 (PlateRead) failed: java.lang.IndexOutOfBoundsException: ..."},
 * of kind {@code "event-failed"}, for the supervisors to see that an input was not applied.
 */
final class FailureFold implements EntityFold
{
    private static final Int2ObjectHashMap<String> INPUT_NAMES = new Int2ObjectHashMap<>();

    static
    {
        name(CallReceivedDecoder.TEMPLATE_ID, "CallReceived");
        name(UnitPositionDecoder.TEMPLATE_ID, "UnitPosition");
        name(UnitStatusDecoder.TEMPLATE_ID, "UnitStatus");
        name(OperatorCommandDecoder.TEMPLATE_ID, "OperatorCommand");
        name(TickDecoder.TEMPLATE_ID, "Tick");
        name(LocationFixDecoder.TEMPLATE_ID, "LocationFix");
        name(CallEndedDecoder.TEMPLATE_ID, "CallEnded");
        name(RoadCongestionDecoder.TEMPLATE_ID, "RoadCongestion");
        name(HospitalStatusDecoder.TEMPLATE_ID, "HospitalStatus");
        name(IntakeNoteDecoder.TEMPLATE_ID, "IntakeNote");
        name(SnapshotRequestDecoder.TEMPLATE_ID, "SnapshotRequest");
        name(SignalStatusDecoder.TEMPLATE_ID, "SignalStatus");
        name(SignalOperatorCommandDecoder.TEMPLATE_ID, "SignalOperatorCommand");
        name(CameraRegisteredDecoder.TEMPLATE_ID, "CameraRegistered");
        name(PlateReadDecoder.TEMPLATE_ID, "PlateRead");
        name(WatchlistEntryDecoder.TEMPLATE_ID, "WatchlistEntry");
        name(CrowdAlarmDecoder.TEMPLATE_ID, "CrowdAlarm");
        name(AlertCommandDecoder.TEMPLATE_ID, "AlertCommand");
        name(BroadcastReportDecoder.TEMPLATE_ID, "BroadcastReport");
    }

    private final ModelState state;
    private final MessageView view;
    private final EventFailedDecoder failed = new EventFailedDecoder();

    FailureFold(final ModelState state)
    {
        this.state = state;
        this.view = state.view;
    }

    private static void name(final int templateId, final String name)
    {
        INPUT_NAMES.put(templateId, name);
    }

    /**
     * @param templateId an input's template id.
     * @return its message name, or "template N" for one this build does not know.
     */
    static String inputName(final int templateId)
    {
        final String name = INPUT_NAMES.get(templateId);
        return null == name ? "template " + templateId : name;
    }

    @Override
    public void register(final FoldTable inputs, final FoldTable outputs)
    {
        outputs.on(EventFailedDecoder.TEMPLATE_ID, this::onEventFailed);
    }

    private void onEventFailed(final long sequence, final long timestampNs)
    {
        final EventFailedDecoder d = body(view, failed);
        final long inputSequence = d.inputSequence();
        final String input = inputName(d.inputTemplateId());
        fits(view, d.limit(), d.exceptionClassLength());
        final String exceptionClass = d.exceptionClass();
        fits(view, d.limit(), d.exceptionMessageLength());
        final String message = d.exceptionMessage();
        final String text = "event " + inputSequence + " (" + input + ") failed: " + exceptionClass +
            (message.isEmpty() ? "" : ": " + message);
        state.notice(timestampNs, "alarm", "event-failed", text, 0, 0, -1, 0);
    }
}
