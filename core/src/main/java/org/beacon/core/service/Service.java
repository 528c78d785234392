package org.beacon.core.service;

import org.agrona.DirectBuffer;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;

/**
 * One service inside the state machine: a domain part with its own state, its own snapshot section and a fixed place
 * in the {@link ServiceList}. For each journaled event the list first hands the service, in emission order, every
 * output that the services before it emitted for the same event and that it {@link #observes}, then the event
 * itself. A service reads nothing but these and the read-only views it was given at composition; it talks to the
 * services after it through its outputs.
 *
 * <p>The rules of {@link StateMachine} hold for every method: no clock, file, configuration or unseeded random is
 * read; a service checks an input before it changes state, so an input it refuses leaves no half-applied change.
 *
 * <p>A service is a {@link StateMachine} of its own too (its snapshot is its section's bytes), so that it can be
 * driven and tested alone.
 */
public interface Service extends StateMachine
{
    /**
     * The id of this service's snapshot section: unique in a list, never reused for another service.
     *
     * @return a positive id.
     */
    int sectionId();

    /**
     * The layout version this service writes into its section.
     *
     * @return a positive version.
     */
    int sectionVersion();

    /**
     * Whether the outputs of this template that earlier services emit are handed to {@link #onOutput}. Asked once, when
     * the list is built; the answer must not change.
     *
     * @param templateId an SBE template id of this schema.
     * @return true to receive those outputs.
     */
    default boolean observes(final int templateId)
    {
        return false;
    }

    /**
     * An output that an earlier service in the list emitted for the current event, before {@link #onEvent} sees the
     * event itself.
     *
     * @param sequence    the current event's journal sequence.
     * @param timestampNs the current event's sequencer timestamp.
     * @param buffer      holding the SBE output, header first.
     * @param offset      of the output.
     * @param length      of the output.
     * @param outputs     where this service's own outputs go.
     */
    default void onOutput(
        final long sequence,
        final long timestampNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final OutputSink outputs)
    {
    }

    /**
     * Replaces the state with a section this service, or an older build of it, wrote. The default accepts only
     * {@link #sectionVersion()}; a service that can read an older layout overrides it.
     *
     * @param version the version the section was written with.
     * @param buffer  holding the section.
     * @param offset  of the section's bytes.
     * @param length  of the section's bytes.
     * @throws IllegalArgumentException when this version cannot be read (the whole snapshot is then refused).
     */
    default void restore(final int version, final DirectBuffer buffer, final int offset, final int length)
    {
        if (version != sectionVersion())
        {
            throw new IllegalArgumentException("section " + sectionId() + " of version " + version +
                " cannot be read by version " + sectionVersion());
        }
        restore(buffer, offset, length);
    }

    /**
     * Returns to the state of a service that has seen no event.
     */
    void reset();
}
