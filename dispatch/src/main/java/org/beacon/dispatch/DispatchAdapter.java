package org.beacon.dispatch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.CallEndedDecoder;
import org.beacon.codecs.CallReceivedDecoder;
import org.beacon.codecs.HospitalStatusDecoder;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.RoadCongestionDecoder;
import org.beacon.codecs.TickDecoder;
import org.beacon.codecs.UnitPositionDecoder;
import org.beacon.codecs.UnitStatusDecoder;
import org.beacon.core.MessageView;
import org.beacon.core.OutputSink;

/**
 * Decodes each event once and hands it to the part of the dispatch slice it concerns: one header check through
 * {@link MessageView}, one decoder per input template, then the domain call. Every other template id, and messages
 * of another schema, are ignored without output. Version 1 CallReceived and OperatorCommand records (shorter blocks)
 * are read with the v2 fields at their null values. Every message of this schema moves the event clock, even one it
 * then ignores (another service's, or one whose block is shorter than this build reads or runs past its end).
 */
final class DispatchAdapter
{
    private static final int CALL_RECEIVED_V1_BLOCK_LENGTH = 24;
    private static final int OPERATOR_COMMAND_V1_BLOCK_LENGTH = 21;

    private final MessageView message = new MessageView();
    private final CallReceivedDecoder callDecoder = new CallReceivedDecoder();
    private final LocationFixDecoder fixDecoder = new LocationFixDecoder();
    private final CallEndedDecoder endedDecoder = new CallEndedDecoder();
    private final UnitPositionDecoder positionDecoder = new UnitPositionDecoder();
    private final UnitStatusDecoder statusDecoder = new UnitStatusDecoder();
    private final OperatorCommandDecoder commandDecoder = new OperatorCommandDecoder();
    private final HospitalStatusDecoder hospitalDecoder = new HospitalStatusDecoder();
    private final RoadCongestionDecoder congestionDecoder = new RoadCongestionDecoder();
    private final byte[] callerScratch = new byte[CallerHistory.MAX_CALLER_LENGTH];

    private final DispatchState state;
    private final DispatchRoads roads;
    private final Calls calls;
    private final Fleet fleet;
    private final Hospitals hospitals;
    private final Coverage coverage;
    private final OperatorCommands commands;

    DispatchAdapter(
        final DispatchState state,
        final DispatchRoads roads,
        final Calls calls,
        final Fleet fleet,
        final Hospitals hospitals,
        final Coverage coverage,
        final OperatorCommands commands)
    {
        this.state = state;
        this.roads = roads;
        this.calls = calls;
        this.fleet = fleet;
        this.hospitals = hospitals;
        this.coverage = coverage;
        this.commands = commands;
    }

    void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        final int templateId = message.wrap(buffer, offset, length);
        if (MessageView.NOT_A_MESSAGE != templateId || isOfThisSchema(buffer, offset, length))
        {
            state.clockNs = Math.max(state.clockNs, timestampNs);
        }
        if (MessageView.NOT_A_MESSAGE != templateId)
        {
            onMessage(templateId, sequence, timestampNs, outputs);
        }
    }

    /** The template switch over the message {@link #message} wraps. */
    private void onMessage(final int templateId, final long sequence, final long timestampNs, final OutputSink outputs)
    {
        final UnsafeBuffer body = message.buffer();
        final int blockLength = message.blockLength();
        final int version = message.version();
        final int messageLimit = message.length();
        switch (templateId)
        {
            case CallReceivedDecoder.TEMPLATE_ID:
                if (message.hasBlock(version >= 2 ? CallReceivedDecoder.BLOCK_LENGTH : CALL_RECEIVED_V1_BLOCK_LENGTH))
                {
                    callDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    final int callerLength = readCaller(callDecoder.limit(), messageLimit, true);
                    calls.onCallReceived(callDecoder, callerScratch, callerLength, sequence, timestampNs, outputs);
                }
                break;

            case LocationFixDecoder.TEMPLATE_ID:
                if (message.hasBlock(LocationFixDecoder.BLOCK_LENGTH))
                {
                    fixDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    final int callerLength = readCaller(fixDecoder.limit(), messageLimit, false);
                    calls.onLocationFix(fixDecoder, callerScratch, callerLength, sequence, timestampNs, outputs);
                }
                break;

            case CallEndedDecoder.TEMPLATE_ID:
                if (message.hasBlock(CallEndedDecoder.BLOCK_LENGTH))
                {
                    endedDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    calls.onCallEnded(endedDecoder.callId(), timestampNs, outputs);
                }
                break;

            case UnitPositionDecoder.TEMPLATE_ID:
                if (message.hasBlock(UnitPositionDecoder.BLOCK_LENGTH))
                {
                    positionDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    fleet.onUnitPosition(positionDecoder, outputs);
                }
                break;

            case UnitStatusDecoder.TEMPLATE_ID:
                if (message.hasBlock(UnitStatusDecoder.BLOCK_LENGTH))
                {
                    statusDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    fleet.onUnitStatus(statusDecoder, timestampNs, messageLimit, outputs);
                }
                break;

            case OperatorCommandDecoder.TEMPLATE_ID:
                if (message.hasBlock(version >= 2 ? OperatorCommandDecoder.BLOCK_LENGTH : OPERATOR_COMMAND_V1_BLOCK_LENGTH))
                {
                    commandDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    commands.onOperatorCommand(commandDecoder, sequence, timestampNs, outputs);
                }
                break;

            case TickDecoder.TEMPLATE_ID:
                state.callers.expire(state.clockNs);
                fleet.checkOverdue(outputs);
                coverage.checkIfDue(outputs);
                break;

            case HospitalStatusDecoder.TEMPLATE_ID:
                if (message.hasBlock(HospitalStatusDecoder.BLOCK_LENGTH))
                {
                    hospitalDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    hospitals.onHospitalStatus(hospitalDecoder);
                }
                break;

            case RoadCongestionDecoder.TEMPLATE_ID:
                if (message.hasBlock(RoadCongestionDecoder.BLOCK_LENGTH))
                {
                    congestionDecoder.wrap(body, MessageView.BODY, blockLength, version);
                    roads.applyCongestion(congestionDecoder.edgeIndex(), congestionDecoder.factorPermille());
                }
                break;

            default:
                // Other services' templates.
                break;
        }
    }

    /**
     * Whether a message {@link MessageView} refused is still one of this schema (its block runs past its end): such a
     * message is ignored but, as every message of the schema, moves the event clock.
     */
    private static boolean isOfThisSchema(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= MessageView.BODY &&
            (buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF) ==
            MessageHeaderDecoder.SCHEMA_ID;
    }

    /**
     * Reads the caller (the first var data of CallReceived and LocationFix) into the scratch array,
     * truncated to {@link CallerHistory#MAX_CALLER_LENGTH}, never past the message.
     *
     * @return its length, 0 when absent.
     */
    private int readCaller(final int limit, final int messageLimit, final boolean callReceived)
    {
        final int headerLength = CallReceivedDecoder.callerHeaderLength();
        if (limit + headerLength > messageLimit)
        {
            return 0;
        }

        final int declared = callReceived ? callDecoder.callerLength() : fixDecoder.callerLength();
        final int available = messageLimit - limit - headerLength;
        final int length = StrictMath.min(declared, StrictMath.min(available, CallerHistory.MAX_CALLER_LENGTH));
        if (length <= 0)
        {
            return 0;
        }

        if (callReceived)
        {
            callDecoder.getCaller(callerScratch, 0, length);
        }
        else
        {
            fixDecoder.getCaller(callerScratch, 0, length);
        }
        return length;
    }
}
