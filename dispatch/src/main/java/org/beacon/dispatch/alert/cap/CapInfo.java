package org.beacon.dispatch.alert.cap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The event an alert is about, in one language ({@code <info>}, CAP 1.2 section 3.2.2). An area alert usually carries
 * two: {@code vi-VN} and {@code en-US}. Optional text parts are {@code null} when absent; lists are never null.
 *
 * @param language      RFC 3066 language tag, or {@code null} (the standard's default is {@code en-US}).
 * @param categories    one or more categories.
 * @param event         text naming the event type, e.g. "Cháy nhà" / "Building fire".
 * @param responseTypes recommended actions, possibly none.
 * @param urgency       time available to prepare.
 * @param severity      intensity of impact.
 * @param certainty     confidence in the observation or prediction.
 * @param audience      the intended audience, or {@code null}.
 * @param eventCodes    system-specific event codes.
 * @param effective     when the information becomes effective, or {@code null}.
 * @param onset         expected time of the beginning of the event, or {@code null}.
 * @param expires       when the information expires, or {@code null}.
 * @param senderName    human-readable name of the issuing agency, or {@code null}.
 * @param headline      brief headline, or {@code null}.
 * @param description   extended description of the hazard, or {@code null}.
 * @param instruction   recommended action, or {@code null}.
 * @param web           link to more information, or {@code null}.
 * @param contact       follow-up contact, or {@code null}.
 * @param parameters    system-specific parameters.
 * @param resources     digital assets.
 * @param areas         affected areas.
 */
public record CapInfo(
    String language,
    List<CapCategory> categories,
    String event,
    List<CapResponseType> responseTypes,
    CapUrgency urgency,
    CapSeverity severity,
    CapCertainty certainty,
    String audience,
    List<CapValue> eventCodes,
    Instant effective,
    Instant onset,
    Instant expires,
    String senderName,
    String headline,
    String description,
    String instruction,
    String web,
    String contact,
    List<CapValue> parameters,
    List<CapResource> resources,
    List<CapArea> areas)
{
    /**
     * Checks the required parts and copies the lists.
     */
    public CapInfo
    {
        categories = List.copyOf(categories);
        if (categories.isEmpty())
        {
            throw new IllegalArgumentException("an info block needs at least one category");
        }
        Objects.requireNonNull(event, "event");
        responseTypes = List.copyOf(responseTypes);
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(certainty, "certainty");
        eventCodes = List.copyOf(eventCodes);
        parameters = List.copyOf(parameters);
        resources = List.copyOf(resources);
        areas = List.copyOf(areas);
    }

    /**
     * Starts an info block with its required parts.
     *
     * @param category  the first category.
     * @param event     text naming the event type.
     * @param urgency   time available to prepare.
     * @param severity  intensity of impact.
     * @param certainty confidence.
     * @return a builder.
     */
    public static Builder builder(
        final CapCategory category, final String event, final CapUrgency urgency, final CapSeverity severity, final CapCertainty certainty)
    {
        return new Builder(category, event, urgency, severity, certainty);
    }

    /**
     * Collects the parts of a {@link CapInfo}; not thread-safe, may be reused.
     */
    public static final class Builder
    {
        private final List<CapCategory> categories = new ArrayList<>();
        private final String event;
        private final List<CapResponseType> responseTypes = new ArrayList<>();
        private final CapUrgency urgency;
        private final CapSeverity severity;
        private final CapCertainty certainty;
        private final List<CapValue> eventCodes = new ArrayList<>();
        private final List<CapValue> parameters = new ArrayList<>();
        private final List<CapResource> resources = new ArrayList<>();
        private final List<CapArea> areas = new ArrayList<>();
        private String language;
        private String audience;
        private Instant effective;
        private Instant onset;
        private Instant expires;
        private String senderName;
        private String headline;
        private String description;
        private String instruction;
        private String web;
        private String contact;

        private Builder(
            final CapCategory category,
            final String event,
            final CapUrgency urgency,
            final CapSeverity severity,
            final CapCertainty certainty)
        {
            categories.add(Objects.requireNonNull(category, "category"));
            this.event = event;
            this.urgency = urgency;
            this.severity = severity;
            this.certainty = certainty;
        }

        /**
         * Sets the language.
         *
         * @param language RFC 3066 tag such as {@code vi-VN}.
         * @return this builder.
         */
        public Builder language(final String language)
        {
            this.language = language;
            return this;
        }

        /**
         * Adds a category.
         *
         * @param category the category.
         * @return this builder.
         */
        public Builder category(final CapCategory category)
        {
            categories.add(category);
            return this;
        }

        /**
         * Adds a recommended action.
         *
         * @param responseType the action.
         * @return this builder.
         */
        public Builder responseType(final CapResponseType responseType)
        {
            responseTypes.add(responseType);
            return this;
        }

        /**
         * Sets the audience.
         *
         * @param audience the intended audience.
         * @return this builder.
         */
        public Builder audience(final String audience)
        {
            this.audience = audience;
            return this;
        }

        /**
         * Adds an event code.
         *
         * @param valueName the coding system.
         * @param value     the code.
         * @return this builder.
         */
        public Builder eventCode(final String valueName, final String value)
        {
            eventCodes.add(new CapValue(valueName, value));
            return this;
        }

        /**
         * Sets the effective time.
         *
         * @param effective when the information becomes effective.
         * @return this builder.
         */
        public Builder effective(final Instant effective)
        {
            this.effective = effective;
            return this;
        }

        /**
         * Sets the onset time.
         *
         * @param onset expected beginning of the event.
         * @return this builder.
         */
        public Builder onset(final Instant onset)
        {
            this.onset = onset;
            return this;
        }

        /**
         * Sets the expiry time.
         *
         * @param expires when the information expires.
         * @return this builder.
         */
        public Builder expires(final Instant expires)
        {
            this.expires = expires;
            return this;
        }

        /**
         * Sets the sender's name.
         *
         * @param senderName human-readable name of the issuing agency.
         * @return this builder.
         */
        public Builder senderName(final String senderName)
        {
            this.senderName = senderName;
            return this;
        }

        /**
         * Sets the headline.
         *
         * @param headline brief headline.
         * @return this builder.
         */
        public Builder headline(final String headline)
        {
            this.headline = headline;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description extended description.
         * @return this builder.
         */
        public Builder description(final String description)
        {
            this.description = description;
            return this;
        }

        /**
         * Sets the instruction.
         *
         * @param instruction recommended action.
         * @return this builder.
         */
        public Builder instruction(final String instruction)
        {
            this.instruction = instruction;
            return this;
        }

        /**
         * Sets the web link.
         *
         * @param web absolute URI with more information.
         * @return this builder.
         */
        public Builder web(final String web)
        {
            this.web = web;
            return this;
        }

        /**
         * Sets the contact.
         *
         * @param contact follow-up contact.
         * @return this builder.
         */
        public Builder contact(final String contact)
        {
            this.contact = contact;
            return this;
        }

        /**
         * Adds a parameter.
         *
         * @param valueName the parameter's name.
         * @param value     its value.
         * @return this builder.
         */
        public Builder parameter(final String valueName, final String value)
        {
            parameters.add(new CapValue(valueName, value));
            return this;
        }

        /**
         * Adds a resource.
         *
         * @param resource the resource.
         * @return this builder.
         */
        public Builder resource(final CapResource resource)
        {
            resources.add(resource);
            return this;
        }

        /**
         * Adds an area.
         *
         * @param area the area.
         * @return this builder.
         */
        public Builder area(final CapArea area)
        {
            areas.add(area);
            return this;
        }

        /**
         * Builds the info block.
         *
         * @return the info block.
         */
        public CapInfo build()
        {
            return new CapInfo(
                language, categories, event, responseTypes, urgency, severity, certainty, audience, eventCodes, effective, onset,
                expires, senderName, headline, description, instruction, web, contact, parameters, resources, areas);
        }
    }
}
