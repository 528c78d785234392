package org.beacon.dispatch.alert.cap;

/**
 * A CAP document that {@link CapReader} cannot turn into the model: not XML, refused for safety (DOCTYPE, size), or
 * an element missing or holding a value the standard does not allow. The message names the element and, where there is
 * one, the offending text.
 */
public final class CapFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String element;

    /**
     * A problem with one element.
     *
     * @param element the element's path, e.g. {@code alert/info[2]/urgency}; empty for the document as a whole.
     * @param message what is wrong.
     */
    public CapFormatException(final String element, final String message)
    {
        super(element.isEmpty() ? message : "<" + element + ">: " + message);
        this.element = element;
    }

    /**
     * A problem found by the XML parser.
     *
     * @param message what is wrong.
     * @param cause   the parser's exception.
     */
    public CapFormatException(final String message, final Throwable cause)
    {
        super(message, cause);
        this.element = "";
    }

    /**
     * The element the problem is in.
     *
     * @return its path from the root, e.g. {@code alert/info[2]/area[1]/circle[1]}; empty for the document as a whole.
     */
    public String element()
    {
        return element;
    }
}
