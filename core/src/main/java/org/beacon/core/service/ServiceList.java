package org.beacon.core.service;

import static org.beacon.core.service.ServiceSnapshotDescriptor.BYTE_ORDER;
import static org.beacon.core.service.ServiceSnapshotDescriptor.FORMAT_VERSION;
import static org.beacon.core.service.ServiceSnapshotDescriptor.FORMAT_VERSION_OFFSET;
import static org.beacon.core.service.ServiceSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.core.service.ServiceSnapshotDescriptor.MAGIC;
import static org.beacon.core.service.ServiceSnapshotDescriptor.MAGIC_OFFSET;
import static org.beacon.core.service.ServiceSnapshotDescriptor.SECTION_COUNT_OFFSET;
import static org.beacon.core.service.ServiceSnapshotDescriptor.SECTION_HEADER_LENGTH;
import static org.beacon.core.service.ServiceSnapshotDescriptor.SECTION_ID_OFFSET;
import static org.beacon.core.service.ServiceSnapshotDescriptor.SECTION_LENGTH_OFFSET;
import static org.beacon.core.service.ServiceSnapshotDescriptor.SECTION_VERSION_OFFSET;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.EventFailures;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * The state machine as an ordered list of {@link Service}s. For each event, service by service in list order: the
 * outputs that the services before it emitted for this event and that it observes (in emission order), then the
 * event. A service's outputs go downstream when it returns, so the output order is the list order. The snapshot is
 * one tagged section per service ({@link ServiceSnapshotDescriptor} has the layout and the restore rules).
 *
 * <p>A poison event ({@link EventFailures#isPoison}: a service threw) is all or nothing per service: the service that
 * threw is returned to its state before the event, the outputs it emitted for the event (before the throw) are
 * dropped, an {@code EventFailed} output takes their place, and the services after it see the event as usual. The
 * roll-back is bounded: after {@link #CHECKPOINT_EVENTS} events once the log is as large as the checkpoint (at the
 * latest at {@link #CHECKPOINT_LOG_BYTES} logged bytes, and right after an event that failed) the list copies every
 * section into an in-memory checkpoint and then logs each
 * event with the observed outputs it delivered; a service that throws is restored from its checkpointed section and
 * re-applies the logged events alone, their outputs discarded. Since a service is deterministic and its snapshot
 * restores it exactly, it ends where it was before the event, whatever the checkpoint's cadence, so recovery and
 * replay reproduce it. Cost: copying the state at most as often as its size in logged events, one copy of each
 * output; on a failure, one section restore and at most that many events re-applied to one service.
 *
 * <p>Steady state allocates nothing: outputs are copied once into a buffer reused for every event. Not thread-safe:
 * the host's logic thread calls it.
 */
public final class ServiceList implements StateMachine
{
    /** At most this many services: an observer set is one {@code long}. */
    public static final int MAX_SERVICES = 64;
    /**
     * The checkpoint a roll-back starts from is taken again after at least this many events, once the events logged
     * since it take as many bytes as the checkpoint itself: a large state is copied less often, so copying it costs at
     * most what logging the events costs.
     */
    public static final int CHECKPOINT_EVENTS = 1024;
    /** ... and at the latest once the events logged since it take this many bytes (bounds a roll-back's work). */
    public static final int CHECKPOINT_LOG_BYTES = 16 * 1024 * 1024;
    private static final int TEMPLATE_IDS = 1 << 16;
    private static final int NOTE_HEADER = 2 * Integer.BYTES;
    private static final int LOG_EVENT_LENGTH_OFFSET = 3 * Long.BYTES;
    private static final int LOG_HEADER = LOG_EVENT_LENGTH_OFFSET + Integer.BYTES;
    private static final OutputSink DISCARD = (buffer, offset, length) ->
    {
    };

    private final Service[] services;
    private final EmitterSink[] sinks;
    /** Per template id: bit i set when service i observes it. */
    private final long[] observers = new long[TEMPLATE_IDS];
    private final ExpandableArrayBuffer noted = new ExpandableArrayBuffer(4096);
    private final List<String> restoreNotes = new ArrayList<>();
    private final ExpandableArrayBuffer checkpoint = new ExpandableArrayBuffer(64 * 1024);
    private final int[] checkpointAt;
    private final int[] checkpointLength;
    private int checkpointBytes;
    private final ExpandableArrayBuffer log = new ExpandableArrayBuffer(64 * 1024);
    private final UnsafeBuffer failure = new UnsafeBuffer(new byte[1024]);
    private int logLength;
    private int eventsSinceCheckpoint;
    private boolean checkpointDue = true;
    private int notedLength;
    private OutputSink downstream;

    /**
     * A list of services, in the order they see each event.
     *
     * @param services at least one; section ids unique.
     */
    public ServiceList(final Service... services)
    {
        if (0 == services.length || services.length > MAX_SERVICES)
        {
            throw new IllegalArgumentException("a service list holds 1 to " + MAX_SERVICES + " services: " + services.length);
        }
        this.services = services.clone();
        this.sinks = new EmitterSink[services.length];
        this.checkpointAt = new int[services.length];
        this.checkpointLength = new int[services.length];
        for (int i = 0; i < services.length; i++)
        {
            final Service service = services[i];
            if (service.sectionId() <= 0 || service.sectionVersion() <= 0)
            {
                throw new IllegalArgumentException("section id and version must be positive: " + service);
            }
            for (int j = 0; j < i; j++)
            {
                if (services[j].sectionId() == service.sectionId())
                {
                    throw new IllegalArgumentException("section id " + service.sectionId() + " used twice");
                }
            }
            sinks[i] = new EmitterSink(i);
            for (int template = 0; template < TEMPLATE_IDS; template++)
            {
                if (i > 0 && service.observes(template))
                {
                    observers[template] |= 1L << i;
                }
            }
        }
    }

    /**
     * @return the services in list order.
     */
    public List<Service> services()
    {
        return List.of(services);
    }

    @Override
    public void onEvent(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
        if (checkpointDue || (eventsSinceCheckpoint >= CHECKPOINT_EVENTS && logLength >= checkpointBytes) ||
            logLength >= CHECKPOINT_LOG_BYTES)
        {
            checkpoint();
        }
        downstream = outputs;
        notedLength = 0;
        long failed = 0;
        try
        {
            for (int i = 0; i < services.length; i++)
            {
                final int before = notedLength;
                try
                {
                    deliverNoted(i, sequence, timestampNs, noted, 0, before, sinks[i]);
                    services[i].onEvent(sequence, timestampNs, buffer, offset, length, sinks[i]);
                }
                catch (final Throwable ex)
                {
                    if (!EventFailures.isPoison(ex))
                    {
                        throw ex;
                    }
                    notedLength = before;
                    failed |= 1L << i;
                    rollBack(i);
                    outputs.emit(failure, 0, EventFailures.encode(failure, 0, sequence, buffer, offset, length,
                        services[i].sectionId(), ex));
                    continue;
                }
                forward(before);
            }
        }
        finally
        {
            downstream = null;
        }
        logEvent(sequence, timestampNs, buffer, offset, length, failed);
        checkpointDue = failed != 0;
    }

    /** Hands the outputs the service just emitted downstream, now that it returned. */
    private void forward(final int from)
    {
        for (int at = from; at < notedLength; )
        {
            final int length = noted.getInt(at + Integer.BYTES, BYTE_ORDER);
            downstream.emit(noted, at + NOTE_HEADER, length);
            at += NOTE_HEADER + length;
        }
    }

    private void deliverNoted(
        final int index,
        final long sequence,
        final long timestampNs,
        final DirectBuffer notes,
        final int from,
        final int to,
        final OutputSink sink)
    {
        final long bit = 1L << index;
        for (int at = from; at < to; )
        {
            final int emitter = notes.getInt(at, BYTE_ORDER);
            final int length = notes.getInt(at + Integer.BYTES, BYTE_ORDER);
            final int message = at + NOTE_HEADER;
            if (emitter < index && (observerBits(notes, message, length) & bit) != 0)
            {
                services[index].onOutput(sequence, timestampNs, notes, message, length, sink);
            }
            at = message + length;
        }
    }

    // ------------------------------------------------------------------ rollback

    /** Copies every service's state into the checkpoint and starts an empty log of the events after it. */
    private void checkpoint()
    {
        int position = 0;
        for (int i = 0; i < services.length; i++)
        {
            final int length = services[i].snapshot(checkpoint, position);
            checkpointAt[i] = position;
            checkpointLength[i] = length;
            position += length;
        }
        checkpointBytes = position;
        logLength = 0;
        eventsSinceCheckpoint = 0;
        checkpointDue = false;
    }

    /**
     * Logs an applied event for a later roll-back: sequence, timestamp, the services that failed on it, the event's
     * bytes and the outputs of it that a later service observed, as they were delivered.
     */
    private void logEvent(
        final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length, final long failed)
    {
        int at = logLength;
        log.putLong(at, sequence, BYTE_ORDER);
        log.putLong(at + Long.BYTES, timestampNs, BYTE_ORDER);
        log.putLong(at + 2 * Long.BYTES, failed, BYTE_ORDER);
        log.putInt(at + LOG_EVENT_LENGTH_OFFSET, length, BYTE_ORDER);
        log.putBytes(at + LOG_HEADER, buffer, offset, length);
        at += LOG_HEADER + length;
        final int notesAt = at + Integer.BYTES;
        int notes = 0;
        for (int n = 0; n < notedLength; )
        {
            final int emitter = noted.getInt(n, BYTE_ORDER);
            final int outputLength = noted.getInt(n + Integer.BYTES, BYTE_ORDER);
            final long later = emitter + 1 >= MAX_SERVICES ? 0 : -1L << (emitter + 1);
            if ((observerBits(noted, n + NOTE_HEADER, outputLength) & later) != 0)
            {
                log.putBytes(notesAt + notes, noted, n, NOTE_HEADER + outputLength);
                notes += NOTE_HEADER + outputLength;
            }
            n += NOTE_HEADER + outputLength;
        }
        log.putInt(at, notes, BYTE_ORDER);
        logLength = notesAt + notes;
        eventsSinceCheckpoint++;
    }

    /**
     * Returns a service that threw to its state before the current event: its checkpointed section restored, then the
     * logged events since re-applied to it alone (with the outputs it observed), their outputs discarded as they were
     * emitted when the events were first applied. Deterministic services give back exactly the state they had.
     */
    private void rollBack(final int index)
    {
        final Service service = services[index];
        try
        {
            service.restore(service.sectionVersion(), checkpoint, checkpointAt[index], checkpointLength[index]);
            final long bit = 1L << index;
            for (int at = 0; at < logLength; )
            {
                final long sequence = log.getLong(at, BYTE_ORDER);
                final long timestampNs = log.getLong(at + Long.BYTES, BYTE_ORDER);
                final long failed = log.getLong(at + 2 * Long.BYTES, BYTE_ORDER);
                final int eventLength = log.getInt(at + LOG_EVENT_LENGTH_OFFSET, BYTE_ORDER);
                final int eventAt = at + LOG_HEADER;
                final int notesLengthAt = eventAt + eventLength;
                final int notes = log.getInt(notesLengthAt, BYTE_ORDER);
                final int notesAt = notesLengthAt + Integer.BYTES;
                if ((failed & bit) == 0)
                {
                    deliverNoted(index, sequence, timestampNs, log, notesAt, notesAt + notes, DISCARD);
                    service.onEvent(sequence, timestampNs, log, eventAt, eventLength, DISCARD);
                }
                at = notesAt + notes;
            }
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw new IllegalStateException("service " + service.sectionId() + " (" + service.getClass().getSimpleName() +
                ") could not be rolled back: it does not replay what it applied (" + ex + ")", ex);
        }
    }

    /** The services that observe an output: none for one that is not a message of this schema. */
    private long observerBits(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH ||
            (buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), BYTE_ORDER) & 0xFFFF) !=
            MessageHeaderDecoder.SCHEMA_ID)
        {
            return 0;
        }
        return observers[buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), BYTE_ORDER) & 0xFFFF];
    }

    @Override
    public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
    {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        buffer.putInt(offset + FORMAT_VERSION_OFFSET, FORMAT_VERSION, BYTE_ORDER);
        buffer.putInt(offset + SECTION_COUNT_OFFSET, services.length, BYTE_ORDER);
        int position = offset + HEADER_LENGTH;
        for (final Service service : services)
        {
            final int length = service.snapshot(buffer, position + SECTION_HEADER_LENGTH);
            buffer.putInt(position + SECTION_ID_OFFSET, service.sectionId(), BYTE_ORDER);
            buffer.putInt(position + SECTION_VERSION_OFFSET, service.sectionVersion(), BYTE_ORDER);
            buffer.putInt(position + SECTION_LENGTH_OFFSET, length, BYTE_ORDER);
            position += SECTION_HEADER_LENGTH + length;
        }
        return position - offset;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the snapshot is refused by the rules of {@link ServiceSnapshotDescriptor};
     *                                  every service is then reset.
     */
    @Override
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        restoreNotes.clear();
        checkpointDue = true;
        logLength = 0;
        try
        {
            final int[] sectionAt = locateSections(buffer, offset, length);
            for (int i = 0; i < services.length; i++)
            {
                final int at = sectionAt[i];
                services[i].restore(buffer.getInt(at + SECTION_VERSION_OFFSET, BYTE_ORDER), buffer,
                    at + SECTION_HEADER_LENGTH, buffer.getInt(at + SECTION_LENGTH_OFFSET, BYTE_ORDER));
            }
        }
        catch (final RuntimeException ex)
        {
            reset();
            throw ex.getMessage() != null && ex.getMessage().startsWith("snapshot refused") ? ex :
                new IllegalArgumentException("snapshot refused: " + ex.getMessage(), ex);
        }
    }

    /** Checks the framing of every section and finds each service's; refuses before any state changes. */
    private int[] locateSections(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || buffer.getInt(offset + MAGIC_OFFSET, BYTE_ORDER) != MAGIC)
        {
            throw new IllegalArgumentException("snapshot refused: not a service-list snapshot (an older format)");
        }
        final int format = buffer.getInt(offset + FORMAT_VERSION_OFFSET, BYTE_ORDER);
        if (format != FORMAT_VERSION)
        {
            throw new IllegalArgumentException("snapshot refused: format version " + format + ", this build reads " +
                FORMAT_VERSION);
        }
        final int count = buffer.getInt(offset + SECTION_COUNT_OFFSET, BYTE_ORDER);
        final int[] sectionAt = new int[services.length];
        Arrays.fill(sectionAt, -1);
        final int limit = offset + length;
        int position = offset + HEADER_LENGTH;
        for (int s = 0; s < count; s++)
        {
            if (position < 0 || (long)position + SECTION_HEADER_LENGTH > limit)
            {
                throw new IllegalArgumentException("snapshot refused: truncated at section " + s);
            }
            final int id = buffer.getInt(position + SECTION_ID_OFFSET, BYTE_ORDER);
            final int sectionLength = buffer.getInt(position + SECTION_LENGTH_OFFSET, BYTE_ORDER);
            if (sectionLength < 0 || (long)position + SECTION_HEADER_LENGTH + sectionLength > limit)
            {
                throw new IllegalArgumentException("snapshot refused: section " + id + " runs past the end");
            }
            final int owner = indexOf(id);
            if (owner < 0)
            {
                restoreNotes.add("section " + id + " (version " + buffer.getInt(position + SECTION_VERSION_OFFSET,
                    BYTE_ORDER) + ", " + sectionLength + " bytes) has no service in this build: skipped");
            }
            else if (sectionAt[owner] >= 0)
            {
                throw new IllegalArgumentException("snapshot refused: section " + id + " appears twice");
            }
            else
            {
                sectionAt[owner] = position;
            }
            position += SECTION_HEADER_LENGTH + sectionLength;
        }
        if (position != limit)
        {
            throw new IllegalArgumentException("snapshot refused: " + (limit - position) + " bytes after the last section");
        }
        for (int i = 0; i < services.length; i++)
        {
            if (sectionAt[i] < 0)
            {
                throw new IllegalArgumentException("snapshot refused: no section for service " + services[i].sectionId() +
                    " (" + services[i].getClass().getSimpleName() + "), added after the snapshot was taken");
            }
        }
        return sectionAt;
    }

    private int indexOf(final int sectionId)
    {
        for (int i = 0; i < services.length; i++)
        {
            if (services[i].sectionId() == sectionId)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * What the last successful {@link #restore} passed over (sections of services this build does not have), for the
     * host's log.
     *
     * @return the notes, empty when every section had its service.
     */
    public List<String> lastRestoreNotes()
    {
        return List.copyOf(restoreNotes);
    }

    /** Returns every service to the state of one that has seen no event. */
    public void reset()
    {
        checkpointDue = true;
        logLength = 0;
        for (final Service service : services)
        {
            service.reset();
        }
    }

    /**
     * Holds one service's outputs of the current event until it returns (they are forwarded then, or dropped when it
     * throws); later services are handed those they observe.
     */
    private final class EmitterSink implements OutputSink
    {
        private final int index;

        EmitterSink(final int index)
        {
            this.index = index;
        }

        @Override
        public void emit(final DirectBuffer buffer, final int offset, final int length)
        {
            noted.putInt(notedLength, index, BYTE_ORDER);
            noted.putInt(notedLength + Integer.BYTES, length, BYTE_ORDER);
            noted.putBytes(notedLength + NOTE_HEADER, buffer, offset, length);
            notedLength += NOTE_HEADER + length;
        }
    }
}
