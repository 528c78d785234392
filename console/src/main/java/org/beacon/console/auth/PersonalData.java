package org.beacon.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which personal data each {@link Role} sees. Callers' numbers are visible to dispatchers and auditors and
 * masked for traffic operators and administrators; IMSI and IMEI are visible to auditors only. Logs of the
 * gateways always mask ({@link #forLog(String)}).
 *
 * <p>A number keeps its first {@value #NUMBER_KEEP_FIRST} and last {@value #NUMBER_KEEP_LAST} digits
 * ({@code +84901234567} becomes {@code +8490*****67}); an IMSI or IMEI keeps its first {@value #ID_KEEP_FIRST}
 * digits (the country and network codes of an IMSI, the start of an IMEI's type allocation code). Only digits
 * are replaced, so the separators and the length of the original stay. A value with fewer than
 * {@value #MIN_DIGITS_SHOWN} digits is masked whole, since keeping the usual digits would show most of it.
 */
public final class PersonalData
{
    /** Digits a masked number keeps at its start. */
    public static final int NUMBER_KEEP_FIRST = 4;
    /** Digits a masked number keeps at its end. */
    public static final int NUMBER_KEEP_LAST = 2;
    /** Digits a masked IMSI or IMEI keeps at its start. */
    public static final int ID_KEEP_FIRST = 5;
    /** Fewest digits a value must have for any of them to be kept. */
    public static final int MIN_DIGITS_SHOWN = 7;
    /** The character that replaces a masked digit. */
    public static final char MASK = '*';

    private static final String KIND_CALL = "call";

    private PersonalData()
    {
    }

    /**
     * A caller's number as a role may see it.
     *
     * @param role   the viewer's role (null: masked).
     * @param number the number or {@code sip:}/{@code tel:} URI (null gives null).
     * @return the number itself for dispatchers and auditors, masked for everyone else.
     */
    public static String caller(final Role role, final String number)
    {
        return role == Role.DISPATCHER || role == Role.AUDITOR ? number : maskNumber(number);
    }

    /**
     * An IMSI as a role may see it.
     *
     * @param role the viewer's role (null: masked).
     * @param imsi the IMSI (null gives null).
     * @return the IMSI itself for auditors, masked for everyone else.
     */
    public static String imsi(final Role role, final String imsi)
    {
        return role == Role.AUDITOR ? imsi : maskId(imsi);
    }

    /**
     * An IMEI as a role may see it.
     *
     * @param role the viewer's role (null: masked).
     * @param imei the IMEI (null gives null).
     * @return the IMEI itself for auditors, masked for everyone else.
     */
    public static String imei(final Role role, final String imei)
    {
        return role == Role.AUDITOR ? imei : maskId(imei);
    }

    /**
     * A caller's number for a log line: always masked.
     *
     * @param number the number or URI (null gives null).
     * @return {@link #maskNumber(String)} of it.
     */
    public static String forLog(final String number)
    {
        return maskNumber(number);
    }

    /**
     * Masks a telephone number: a leading {@code +}, the first 4 and the last 2 digits stay, every other digit
     * becomes {@code *}. In a {@code sip:}, {@code sips:} or {@code tel:} URI only the user part (between the
     * scheme and {@code @}) is masked, so the scheme and the host stay: {@code sip:+84901234567@ims.example}
     * becomes {@code sip:+8490*****67@ims.example}.
     *
     * @param number the number or URI (null gives null).
     * @return the masked text, as long as the original.
     */
    public static String maskNumber(final String number)
    {
        if (number == null)
        {
            return null;
        }
        final int colon = number.indexOf(':');
        if (colon > 0 && isTelephoneScheme(number.substring(0, colon)))
        {
            final int start = colon + 1;
            final int at = number.indexOf('@', start);
            final int end = at < 0 ? number.length() : at;
            return number.substring(0, start) +
                maskDigits(number.substring(start, end), NUMBER_KEEP_FIRST, NUMBER_KEEP_LAST) +
                number.substring(end);
        }
        return maskDigits(number, NUMBER_KEEP_FIRST, NUMBER_KEEP_LAST);
    }

    /**
     * Masks an IMSI or IMEI: the first 5 digits stay, the rest become {@code *}.
     *
     * @param id the IMSI or IMEI (null gives null).
     * @return the masked text, as long as the original.
     */
    public static String maskId(final String id)
    {
        return id == null ? null : maskDigits(id, ID_KEEP_FIRST, 0);
    }

    /**
     * Replaces the personal data of a model entity with the role's view of it, in place: for an entity whose
     * {@code "kind"} is {@code "call"}, the text fields {@code "caller"}, {@code "imsi"} and {@code "imei"}
     * (when present). Other kinds are left alone.
     *
     * @param role   the viewer's role.
     * @param entity the entity (null: nothing to do).
     */
    public static void apply(final Role role, final ObjectNode entity)
    {
        if (entity == null)
        {
            return;
        }
        final JsonNode kind = entity.get("kind");
        if (kind == null || !kind.isTextual() || !KIND_CALL.equals(kind.textValue()))
        {
            return;
        }
        final JsonNode caller = entity.get("caller");
        if (caller != null && caller.isTextual())
        {
            entity.put("caller", caller(role, caller.textValue()));
        }
        final JsonNode imsi = entity.get("imsi");
        if (imsi != null && imsi.isTextual())
        {
            entity.put("imsi", imsi(role, imsi.textValue()));
        }
        final JsonNode imei = entity.get("imei");
        if (imei != null && imei.isTextual())
        {
            entity.put("imei", imei(role, imei.textValue()));
        }
    }

    private static boolean isTelephoneScheme(final String scheme)
    {
        return "sip".equalsIgnoreCase(scheme) || "sips".equalsIgnoreCase(scheme) || "tel".equalsIgnoreCase(scheme);
    }

    private static String maskDigits(final String text, final int keepFirst, final int keepLast)
    {
        int digits = 0;
        for (int i = 0; i < text.length(); i++)
        {
            if (isDigit(text.charAt(i)))
            {
                digits++;
            }
        }
        final boolean maskAll = digits < MIN_DIGITS_SHOWN;
        final StringBuilder masked = new StringBuilder(text.length());
        int index = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (isDigit(c))
            {
                final boolean keep = !maskAll && (index < keepFirst || index >= digits - keepLast);
                masked.append(keep ? c : MASK);
                index++;
            }
            else
            {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
