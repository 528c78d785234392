package org.beacon.dispatch.alert.cap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CAP 1.2 message ({@code <alert>}, CAP 1.2 section 3.2.1). Optional text parts are {@code null} when absent; lists
 * are never null. Times are instants; {@link CapWriter} writes them in a zone, whole seconds.
 *
 * @param identifier unique id of this message for its sender; no spaces, commas, {@code <} or {@code &}.
 * @param sender     globally unique id of the originator, same character rules.
 * @param sent       when the message was created.
 * @param status     handling.
 * @param msgType    nature of the message.
 * @param source     the operator or device that made it, or {@code null}.
 * @param scope      intended distribution.
 * @param restriction the rule for limiting distribution (with scope Restricted), or {@code null}.
 * @param addresses  the intended recipients (with scope Private), space-separated, or {@code null}.
 * @param codes      special handling codes.
 * @param note       text note (required in spirit for Exercise and Error), or {@code null}.
 * @param references earlier messages this one refers to (needed for Update and Cancel).
 * @param incidents  space-separated incident ids this message belongs to, or {@code null}.
 * @param infos      the info blocks, typically {@code vi-VN} then {@code en-US}.
 */
public record CapAlert(
    String identifier,
    String sender,
    Instant sent,
    CapStatus status,
    CapMsgType msgType,
    String source,
    CapScope scope,
    String restriction,
    String addresses,
    List<String> codes,
    String note,
    List<CapReference> references,
    String incidents,
    List<CapInfo> infos)
{
    /**
     * Checks the required parts and copies the lists.
     */
    public CapAlert
    {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(msgType, "msgType");
        Objects.requireNonNull(scope, "scope");
        codes = List.copyOf(codes);
        references = List.copyOf(references);
        infos = List.copyOf(infos);
    }

    /**
     * Starts a message with its required parts.
     *
     * @param identifier unique id of this message for its sender.
     * @param sender     id of the originator.
     * @param sent       when the message was created.
     * @param status     handling.
     * @param msgType    nature of the message.
     * @param scope      intended distribution.
     * @return a builder.
     */
    public static Builder builder(
        final String identifier,
        final String sender,
        final Instant sent,
        final CapStatus status,
        final CapMsgType msgType,
        final CapScope scope)
    {
        return new Builder(identifier, sender, sent, status, msgType, scope);
    }

    /**
     * Collects the parts of a {@link CapAlert}; not thread-safe, may be reused.
     */
    public static final class Builder
    {
        private final String identifier;
        private final String sender;
        private final Instant sent;
        private final CapStatus status;
        private final CapMsgType msgType;
        private final CapScope scope;
        private final List<String> codes = new ArrayList<>();
        private final List<CapReference> references = new ArrayList<>();
        private final List<CapInfo> infos = new ArrayList<>();
        private String source;
        private String restriction;
        private String addresses;
        private String note;
        private String incidents;

        private Builder(
            final String identifier,
            final String sender,
            final Instant sent,
            final CapStatus status,
            final CapMsgType msgType,
            final CapScope scope)
        {
            this.identifier = identifier;
            this.sender = sender;
            this.sent = sent;
            this.status = status;
            this.msgType = msgType;
            this.scope = scope;
        }

        /**
         * Sets the source.
         *
         * @param source the operator or device that made the message.
         * @return this builder.
         */
        public Builder source(final String source)
        {
            this.source = source;
            return this;
        }

        /**
         * Sets the restriction.
         *
         * @param restriction the rule for limiting distribution.
         * @return this builder.
         */
        public Builder restriction(final String restriction)
        {
            this.restriction = restriction;
            return this;
        }

        /**
         * Sets the addresses.
         *
         * @param addresses space-separated recipients.
         * @return this builder.
         */
        public Builder addresses(final String addresses)
        {
            this.addresses = addresses;
            return this;
        }

        /**
         * Adds a handling code.
         *
         * @param code the code.
         * @return this builder.
         */
        public Builder code(final String code)
        {
            codes.add(code);
            return this;
        }

        /**
         * Sets the note.
         *
         * @param note text note.
         * @return this builder.
         */
        public Builder note(final String note)
        {
            this.note = note;
            return this;
        }

        /**
         * Adds a reference to an earlier message.
         *
         * @param reference the earlier message.
         * @return this builder.
         */
        public Builder reference(final CapReference reference)
        {
            references.add(reference);
            return this;
        }

        /**
         * Sets the incidents.
         *
         * @param incidents space-separated incident ids.
         * @return this builder.
         */
        public Builder incidents(final String incidents)
        {
            this.incidents = incidents;
            return this;
        }

        /**
         * Adds an info block.
         *
         * @param info the info block.
         * @return this builder.
         */
        public Builder info(final CapInfo info)
        {
            infos.add(info);
            return this;
        }

        /**
         * Builds the message.
         *
         * @return the message.
         */
        public CapAlert build()
        {
            return new CapAlert(
                identifier, sender, sent, status, msgType, source, scope, restriction, addresses, codes, note, references, incidents,
                infos);
        }
    }
}
