package org.beacon.dispatch.alert.cap;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;


import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads CAP 1.2 XML back into the immutable model, the inverse of {@link CapWriter}: {@code read(write(alert))} gives an
 * alert that writes to the same characters (times come back as instants, whole seconds as written).
 *
 * <p>Safe on untrusted input the same way as {@link CapValidator}: a document longer than
 * {@link CapValidator#MAX_LENGTH} is refused before parsing, a DOCTYPE is refused outright (so no entity, internal or
 * external, is expanded or fetched), XInclude is off. The reader checks what the model needs (required elements
 * present, code values known, numbers, times, points, circles and references well formed), not everything the schema
 * and {@link CapValidator} check: validate first when the document comes from outside, as the broadcast gateway does.
 * Elements in other namespaces are skipped, unknown elements in the CAP namespace are refused.
 *
 * <p>Free text (headline, description, ...) is kept exactly as written, white space included; code values, numbers,
 * times and coordinates are trimmed. Gateway code: allocates freely, thread-safe, throws {@link CapFormatException}
 * naming the element for bad input.
 */
public final class CapReader
{
    private static final String NS = CapWriter.NAMESPACE;
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private CapReader()
    {
    }

    /**
     * Reads a CAP 1.2 document.
     *
     * @param xml the document text.
     * @return the alert.
     * @throws CapFormatException when the document is not a CAP 1.2 alert the model can hold.
     */
    public static CapAlert read(final String xml)
    {
        if (null == xml || xml.isBlank())
        {
            throw new CapFormatException("", "not XML: the document is empty");
        }
        if (xml.length() > CapValidator.MAX_LENGTH)
        {
            throw new CapFormatException("", "refused: the document is longer than " + CapValidator.MAX_LENGTH + " characters");
        }
        final Element root = parse(xml).getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"alert".equals(root.getLocalName()))
        {
            final String ns = root.getNamespaceURI();
            throw new CapFormatException("", "not a CAP 1.2 alert: the root element must be <alert> in namespace " + NS + ", found <"
                + root.getLocalName() + "> in " + (null == ns ? "no namespace" : "namespace " + ns));
        }
        return alert(root);
    }

    private static CapAlert alert(final Element alert)
    {
        final String path = "alert";
        checkChildren(alert, path, List.of("identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction",
            "addresses", "code", "note", "references", "incidents", "info"));
        final CapAlert.Builder builder = CapAlert.builder(
            required(alert, path, "identifier").trim(),
            required(alert, path, "sender").trim(),
            time(alert, path, "sent", true),
            code(alert, path, "status", CapStatus.values(), CapStatus::token),
            code(alert, path, "msgType", CapMsgType.values(), CapMsgType::token),
            code(alert, path, "scope", CapScope.values(), CapScope::token));
        builder.source(optional(alert, "source"))
            .restriction(optional(alert, "restriction"))
            .addresses(optional(alert, "addresses"))
            .note(optional(alert, "note"))
            .incidents(optional(alert, "incidents"));
        for (final Element code : CapDom.children(alert, "code"))
        {
            builder.code(code.getTextContent());
        }
        final Element references = CapDom.child(alert, "references");
        if (null != references)
        {
            references(references.getTextContent(), path + "/references").forEach(builder::reference);
        }
        int number = 0;
        for (final Element info : CapDom.children(alert, "info"))
        {
            builder.info(info(info, path + "/info[" + ++number + "]"));
        }
        return builder.build();
    }

    private static CapInfo info(final Element info, final String path)
    {
        checkChildren(info, path, List.of("language", "category", "event", "responseType", "urgency", "severity", "certainty",
            "audience", "eventCode", "effective", "onset", "expires", "senderName", "headline", "description", "instruction", "web",
            "contact", "parameter", "resource", "area"));
        final List<Element> categories = CapDom.children(info, "category");
        if (categories.isEmpty())
        {
            throw new CapFormatException(path, "missing <category>");
        }
        final CapInfo.Builder builder = CapInfo.builder(
            token(categories.get(0), path + "/category[1]", CapCategory.values(), CapCategory::token),
            required(info, path, "event"),
            code(info, path, "urgency", CapUrgency.values(), CapUrgency::token),
            code(info, path, "severity", CapSeverity.values(), CapSeverity::token),
            code(info, path, "certainty", CapCertainty.values(), CapCertainty::token));
        for (int i = 1; i < categories.size(); i++)
        {
            builder.category(token(categories.get(i), path + "/category[" + (i + 1) + "]", CapCategory.values(), CapCategory::token));
        }
        final String language = optional(info, "language");
        builder.language(null == language ? null : language.trim());
        int number = 0;
        for (final Element responseType : CapDom.children(info, "responseType"))
        {
            builder.responseType(token(responseType, path + "/responseType[" + ++number + "]", CapResponseType.values(),
                CapResponseType::token));
        }
        builder.audience(optional(info, "audience"));
        for (final CapValue value : values(info, path, "eventCode"))
        {
            builder.eventCode(value.valueName(), value.value());
        }
        builder.effective(time(info, path, "effective", false))
            .onset(time(info, path, "onset", false))
            .expires(time(info, path, "expires", false))
            .senderName(optional(info, "senderName"))
            .headline(optional(info, "headline"))
            .description(optional(info, "description"))
            .instruction(optional(info, "instruction"))
            .web(trimmed(optional(info, "web")))
            .contact(optional(info, "contact"));
        for (final CapValue value : values(info, path, "parameter"))
        {
            builder.parameter(value.valueName(), value.value());
        }
        number = 0;
        for (final Element resource : CapDom.children(info, "resource"))
        {
            builder.resource(resource(resource, path + "/resource[" + ++number + "]"));
        }
        number = 0;
        for (final Element area : CapDom.children(info, "area"))
        {
            builder.area(area(area, path + "/area[" + ++number + "]"));
        }
        return builder.build();
    }

    private static CapResource resource(final Element resource, final String path)
    {
        checkChildren(resource, path, List.of("resourceDesc", "mimeType", "size", "uri", "derefUri", "digest"));
        final String size = optional(resource, "size");
        Long bytes = null;
        if (null != size)
        {
            try
            {
                bytes = Long.parseLong(size.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new CapFormatException(path + "/size", "\"" + size + "\" is not a whole number of bytes");
            }
        }
        return new CapResource(required(resource, path, "resourceDesc"), required(resource, path, "mimeType").trim(), bytes,
            trimmed(optional(resource, "uri")), trimmed(optional(resource, "derefUri")), trimmed(optional(resource, "digest")));
    }

    private static CapArea area(final Element area, final String path)
    {
        checkChildren(area, path, List.of("areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"));
        final List<List<double[]>> polygons = new ArrayList<>();
        int number = 0;
        for (final Element polygon : CapDom.children(area, "polygon"))
        {
            polygons.add(polygon(polygon.getTextContent(), path + "/polygon[" + ++number + "]"));
        }
        final List<CapCircle> circles = new ArrayList<>();
        number = 0;
        for (final Element circle : CapDom.children(area, "circle"))
        {
            circles.add(circle(circle.getTextContent(), path + "/circle[" + ++number + "]"));
        }
        return new CapArea(required(area, path, "areaDesc"), polygons, circles, values(area, path, "geocode"),
            number(area, path, "altitude"), number(area, path, "ceiling"));
    }

    private static List<double[]> polygon(final String text, final String path)
    {
        final String trimmed = text.trim();
        if (trimmed.isEmpty())
        {
            throw new CapFormatException(path, "empty; a polygon is space-separated lat,lon pairs");
        }
        final String[] pairs = WHITE_SPACE.split(trimmed);
        final List<double[]> points = new ArrayList<>(pairs.length);
        for (int i = 0; i < pairs.length; i++)
        {
            points.add(latLon(pairs[i], path, "point " + (i + 1)));
        }
        return points;
    }

    private static CapCircle circle(final String text, final String path)
    {
        final String[] parts = WHITE_SPACE.split(text.trim());
        if (parts.length != 2)
        {
            throw new CapFormatException(path, "\"" + text + "\" is not \"lat,lon radius\"");
        }
        final double[] centre = latLon(parts[0], path, "centre");
        final Double radius = parseNumber(parts[1]);
        if (null == radius)
        {
            throw new CapFormatException(path, "radius \"" + parts[1] + "\" is not a number of kilometres");
        }
        return new CapCircle(centre[0], centre[1], radius);
    }

    private static double[] latLon(final String pair, final String path, final String what)
    {
        final int comma = pair.indexOf(',');
        final Double lat = comma < 0 ? null : parseNumber(pair.substring(0, comma));
        final Double lon = comma < 0 || pair.indexOf(',', comma + 1) >= 0 ? null : parseNumber(pair.substring(comma + 1));
        if (null == lat || null == lon)
        {
            throw new CapFormatException(path, what + " \"" + pair + "\" is not lat,lon");
        }
        return new double[] {lat, lon};
    }

    private static List<CapReference> references(final String text, final String path)
    {
        final List<CapReference> references = new ArrayList<>();
        final String trimmed = text.trim();
        if (trimmed.isEmpty())
        {
            return references;
        }
        for (final String reference : WHITE_SPACE.split(trimmed))
        {
            final String[] parts = reference.split(",", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty())
            {
                throw new CapFormatException(path, "\"" + reference + "\" is not a sender,identifier,sent triple");
            }
            final Instant sent = parseTime(parts[2]);
            if (null == sent)
            {
                throw new CapFormatException(path, "\"" + reference + "\" has no valid sent time (like 2024-01-31T17:17:48+07:00)");
            }
            references.add(new CapReference(parts[0], parts[1], sent));
        }
        return references;
    }

    private static List<CapValue> values(final Element parent, final String path, final String name)
    {
        final List<CapValue> values = new ArrayList<>();
        int number = 0;
        for (final Element value : CapDom.children(parent, name))
        {
            final String valuePath = path + "/" + name + "[" + ++number + "]";
            checkChildren(value, valuePath, List.of("valueName", "value"));
            values.add(new CapValue(required(value, valuePath, "valueName"), required(value, valuePath, "value")));
        }
        return values;
    }

    private static <E extends Enum<E>> E code(
        final Element parent, final String path, final String name, final E[] values, final Function<E, String> token)
    {
        final Element element = CapDom.child(parent, name);
        if (null == element)
        {
            throw new CapFormatException(path, "missing <" + name + ">");
        }
        return token(element, path + "/" + name, values, token);
    }

    private static <E extends Enum<E>> E token(final Element element, final String path, final E[] values, final Function<E, String> token)
    {
        final String text = element.getTextContent().trim();
        final StringBuilder allowed = new StringBuilder();
        for (final E value : values)
        {
            if (token.apply(value).equals(text))
            {
                return value;
            }
            allowed.append(allowed.length() == 0 ? "" : ", ").append(token.apply(value));
        }
        throw new CapFormatException(path, "\"" + text + "\" is not one of " + allowed);
    }

    private static Instant time(final Element parent, final String path, final String name, final boolean required)
    {
        final String text = required ? required(parent, path, name) : optional(parent, name);
        if (null == text)
        {
            return null;
        }
        final Instant time = parseTime(text);
        if (null == time)
        {
            throw new CapFormatException(path + "/" + name, "\"" + text + "\" is not a time like 2024-01-31T17:17:48+07:00");
        }
        return time;
    }

    private static Double number(final Element parent, final String path, final String name)
    {
        final String text = optional(parent, name);
        if (null == text)
        {
            return null;
        }
        final Double value = parseNumber(text);
        if (null == value)
        {
            throw new CapFormatException(path + "/" + name, "\"" + text + "\" is not a number");
        }
        return value;
    }

    private static Instant parseTime(final String text)
    {
        try
        {
            return OffsetDateTime.parse(text.trim()).toInstant();
        }
        catch (final DateTimeParseException ex)
        {
            return null;
        }
    }

    private static Double parseNumber(final String text)
    {
        try
        {
            final double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    private static String required(final Element parent, final String path, final String name)
    {
        final Element element = CapDom.child(parent, name);
        if (null == element)
        {
            throw new CapFormatException(path, "missing <" + name + ">");
        }
        final String text = element.getTextContent();
        if (text.isBlank())
        {
            throw new CapFormatException(path + "/" + name, "is empty");
        }
        return text;
    }

    private static String optional(final Element parent, final String name)
    {
        final Element element = CapDom.child(parent, name);
        return null == element ? null : element.getTextContent();
    }

    private static String trimmed(final String text)
    {
        return null == text ? null : text.trim();
    }

    private static void checkChildren(final Element parent, final String path, final List<String> known)
    {
        for (Node node = parent.getFirstChild(); null != node; node = node.getNextSibling())
        {
            if (node instanceof Element element && NS.equals(element.getNamespaceURI()) && !known.contains(element.getLocalName()))
            {
                throw new CapFormatException(path, "unknown element <" + element.getLocalName() + ">");
            }
            if (node instanceof Element element && null == element.getNamespaceURI())
            {
                throw new CapFormatException(path, "element <" + element.getLocalName() + "> is in no namespace; CAP elements are in "
                    + NS);
            }
        }
    }

    private static Document parse(final String xml)
    {
        try
        {
            return CapDom.parse(xml);
        }
        catch (final SAXParseException ex)
        {
            final String message = String.valueOf(ex.getMessage());
            if (message.contains("DOCTYPE"))
            {
                throw new CapFormatException(
                    "refused: the document has a DOCTYPE declaration; CAP needs none and it could pull in external entities", ex);
            }
            throw new CapFormatException("not XML (line " + ex.getLineNumber() + ", column " + ex.getColumnNumber() + "): " + message, ex);
        }
        catch (final SAXException | IOException ex)
        {
            throw new CapFormatException("not XML: " + ex.getMessage(), ex);
        }
    }
}
