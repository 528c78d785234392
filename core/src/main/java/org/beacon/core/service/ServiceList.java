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
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * The state machine as an ordered list of {@link Service}s. For each event, service by service in list order: the
 * outputs that the services before it emitted for this event and that it observes (in emission order), then the
 * event. Every output goes downstream as it is emitted, so the output order is the list order. The snapshot is one
 * tagged section per service ({@link ServiceSnapshotDescriptor} has the layout and the restore rules).
 *
 * <p>Steady state allocates nothing: outputs that a later service observes are copied once into a buffer that is
 * reused for every event. Not thread-safe: the host's logic thread calls it.
 */
public final class ServiceList implements StateMachine
{
    /** At most this many services: an observer set is one {@code long}. */
    public static final int MAX_SERVICES = 64;
    private static final int TEMPLATE_IDS = 1 << 16;
    private static final int NOTE_HEADER = 2 * Integer.BYTES;

    private final Service[] services;
    private final EmitterSink[] sinks;
    /** Per template id: bit i set when service i observes it. */
    private final long[] observers = new long[TEMPLATE_IDS];
    private final ExpandableArrayBuffer noted = new ExpandableArrayBuffer(4096);
    private final List<String> restoreNotes = new ArrayList<>();
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
        downstream = outputs;
        notedLength = 0;
        try
        {
            for (int i = 0; i < services.length; i++)
            {
                deliverNoted(i, sequence, timestampNs);
                services[i].onEvent(sequence, timestampNs, buffer, offset, length, sinks[i]);
            }
        }
        finally
        {
            downstream = null;
        }
    }

    private void deliverNoted(final int index, final long sequence, final long timestampNs)
    {
        final long bit = 1L << index;
        final int end = notedLength;
        for (int at = 0; at < end; )
        {
            final int emitter = noted.getInt(at, BYTE_ORDER);
            final int length = noted.getInt(at + Integer.BYTES, BYTE_ORDER);
            final int message = at + NOTE_HEADER;
            if (emitter < index && (observers[templateId(noted, message)] & bit) != 0)
            {
                services[index].onOutput(sequence, timestampNs, noted, message, length, sinks[index]);
            }
            at = message + length;
        }
    }

    private static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), BYTE_ORDER) & 0xFFFF;
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
        for (final Service service : services)
        {
            service.reset();
        }
    }

    /** Forwards one service's outputs downstream and keeps a copy of those a later service observes. */
    private final class EmitterSink implements OutputSink
    {
        private final int index;
        private final long laterServices;

        EmitterSink(final int index)
        {
            this.index = index;
            this.laterServices = index + 1 >= MAX_SERVICES ? 0 : -1L << (index + 1);
        }

        @Override
        public void emit(final DirectBuffer buffer, final int offset, final int length)
        {
            downstream.emit(buffer, offset, length);
            if (length >= MessageHeaderDecoder.ENCODED_LENGTH &&
                (buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), BYTE_ORDER) & 0xFFFF) ==
                MessageHeaderDecoder.SCHEMA_ID &&
                (observers[templateId(buffer, offset)] & laterServices) != 0)
            {
                noted.putInt(notedLength, index, BYTE_ORDER);
                noted.putInt(notedLength + Integer.BYTES, length, BYTE_ORDER);
                noted.putBytes(notedLength + NOTE_HEADER, buffer, offset, length);
                notedLength += NOTE_HEADER + length;
            }
        }
    }
}
