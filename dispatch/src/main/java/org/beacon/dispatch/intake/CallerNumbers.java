package org.beacon.dispatch.intake;

import java.util.Locale;

/**
 * The one caller-identity normaliser of the gateways: whatever form a caller's number arrives in (a SIP URI, a
 * {@code tel:} URI, a P-Asserted-Identity, an AML originator or {@code device_number}), the number the state machine
 * keys the caller on is its E.164 form, {@code +} and digits, so that a handset's SIP call and its AML fixes meet in
 * {@code CallerHistory}, which compares bytes. An identity that is not a telephone number stays exactly as it came
 * ({@code sip:anonymous@anonymous.invalid}, a SIP user name, garbage): it never becomes a number by guess, and this
 * class never throws.
 *
 * <p>What is read as a number:
 * <ul>
 *   <li>{@code tel:} URIs (RFC 3966): the global number before the first {@code ;}, visual separators
 *       ({@code - . ( )}) dropped; a local number with a {@code phone-context} that is a global prefix
 *       ({@code tel:0901234567;phone-context=+84}) gets that prefix, its trunk {@code 0} dropped;</li>
 *   <li>{@code sip:}/{@code sips:} URIs whose user part is a telephone-subscriber: with {@code user=phone}
 *       (RFC 3261 19.1.1) the user part is read as a {@code tel:} number (separators and its own parameters
 *       allowed); without it, only a user part that is digits alone, with or without a leading {@code +}, is read
 *       as a number (networks often leave {@code user=phone} out; a name with letters or separators is a name);</li>
 *   <li>a name-addr ({@code "Name" <URI>}) is read by its URI;</li>
 *   <li>bare numbers, separators (and spaces) allowed: {@code +84 90 123 4567}, the international prefix
 *       {@code 0084...}, the country code without {@code +} ({@code 84} and 9 or 10 digits), and the Vietnamese
 *       national form with its trunk prefix ({@code 0} and 9 or 10 digits: {@code 090...} is {@code +8490...}).</li>
 * </ul>
 * A number that fits none of these (a short code such as {@code 112}, a foreign national number without its
 * country code, more than 15 digits) is not a global number and stays as it came.
 */
public final class CallerNumbers
{
    /** Vietnam's country calling code, for numbers in their national form. */
    public static final String COUNTRY_CODE = "84";

    /** Longest identity looked at; a longer one is not a number and stays as it came. */
    static final int MAX_LENGTH = 512;

    private static final int MAX_E164_DIGITS = 15;
    private static final int MIN_E164_DIGITS = 7;
    private static final int MIN_NATIONAL_DIGITS = 9;
    private static final int MAX_NATIONAL_DIGITS = 10;

    private CallerNumbers()
    {
    }

    /**
     * The identity's E.164 form, or the identity itself when it is not a telephone number.
     *
     * @param identity a caller identity as a gateway received it; may be null.
     * @return {@code +} and up to 15 digits, or {@code identity} unchanged (null for null).
     */
    public static String normalise(final String identity)
    {
        if (null == identity || identity.isEmpty() || identity.length() > MAX_LENGTH)
        {
            return identity;
        }
        try
        {
            final String e164 = e164(identity.trim());
            return null == e164 ? identity : e164;
        }
        catch (final RuntimeException ex)
        {
            // a bug here must never cost a call: the identity goes in as it came
            return identity;
        }
    }

    /**
     * Whether a text is an E.164 number as {@link #normalise} writes one.
     *
     * @param text any text, or null.
     * @return true for {@code +} followed by 7 to 15 digits, the first not 0.
     */
    public static boolean isE164(final String text)
    {
        if (null == text || text.length() < MIN_E164_DIGITS + 1 || text.length() > MAX_E164_DIGITS + 1 || text.charAt(0) != '+' ||
            text.charAt(1) == '0')
        {
            return false;
        }
        for (int i = 1; i < text.length(); i++)
        {
            if (!digit(text.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    private static String e164(final String identity)
    {
        final int lt = identity.indexOf('<');
        if (lt >= 0)
        {
            final int gt = identity.indexOf('>', lt + 1);
            return gt < 0 ? null : e164(identity.substring(lt + 1, gt).trim());
        }
        final String lower = identity.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tel:"))
        {
            return telephoneSubscriber(identity.substring(4));
        }
        if (lower.startsWith("sip:") || lower.startsWith("sips:"))
        {
            return sipUser(identity.substring(identity.indexOf(':') + 1));
        }
        if (identity.indexOf(':') >= 0 || identity.indexOf('@') >= 0)
        {
            // another scheme (urn:, pres:, mailto:) or an address: not a number
            return null;
        }
        return number(identity, true);
    }

    /** The user part of a SIP URI (after the scheme) as a number, or null. */
    private static String sipUser(final String rest)
    {
        final int at = rest.lastIndexOf('@');
        if (at <= 0)
        {
            return null;
        }
        final String user = percentDecoded(rest.substring(0, at));
        if (null == user)
        {
            return null;
        }
        if (userPhone(rest.substring(at + 1)))
        {
            return telephoneSubscriber(user);
        }
        // without user=phone, digits alone (a leading + allowed) are still a number: no separators, no parameters
        for (int i = 0; i < user.length(); i++)
        {
            final char c = user.charAt(i);
            if (!digit(c) && !(c == '+' && i == 0))
            {
                return null;
            }
        }
        return number(user, false);
    }

    /** Whether the host part's URI parameters include {@code user=phone}. */
    private static boolean userPhone(final String hostAndParams)
    {
        int semi = hostAndParams.indexOf(';');
        while (semi >= 0)
        {
            final int next = hostAndParams.indexOf(';', semi + 1);
            final int end = next < 0 ? hostAndParams.length() : next;
            final String param = hostAndParams.substring(semi + 1, end).trim();
            final int q = param.indexOf('?');
            final String value = q < 0 ? param : param.substring(0, q);
            if (value.equalsIgnoreCase("user=phone"))
            {
                return true;
            }
            semi = next;
        }
        return false;
    }

    /**
     * A telephone-subscriber of RFC 3966 (a {@code tel:} URI's body, or a SIP user part with {@code user=phone}).
     *
     * @param text the number and its parameters.
     * @return the E.164 number, or null.
     */
    private static String telephoneSubscriber(final String text)
    {
        final int semi = text.indexOf(';');
        final String number = (semi < 0 ? text : text.substring(0, semi)).trim();
        final String context = semi < 0 ? null : parameter(text.substring(semi), "phone-context");
        if (number.startsWith("+"))
        {
            return number(number, false);
        }
        if (null != context && context.startsWith("+"))
        {
            final String prefix = separatorsDropped(context.substring(1));
            final String local = separatorsDropped(number);
            if (prefix.isEmpty() || local.isEmpty() || !allDigits(prefix) || !allDigits(local))
            {
                return null;
            }
            final String national = local.charAt(0) == '0' ? local.substring(1) : local;
            return global(prefix + national);
        }
        // no context, or a domain name as context (RFC 3966 5.1.5): read like any number, the national form included
        return number(number, false);
    }

    /** A parameter's value among {@code ;name=value} pairs, or null. */
    private static String parameter(final String params, final String name)
    {
        for (final String pair : params.split(";"))
        {
            final int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(name))
            {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /**
     * A number as digits with visual separators.
     *
     * @param text   the number.
     * @param spaces whether spaces count as separators (bare numbers typed by people, not URIs).
     * @return the E.164 form, or null when it is not a global, international, or Vietnamese national number.
     */
    private static String number(final String text, final boolean spaces)
    {
        if (!spaces && text.indexOf(' ') >= 0)
        {
            return null;
        }
        final boolean plus = text.startsWith("+");
        final String digits = separatorsDropped(plus ? text.substring(1) : text);
        if (digits.isEmpty() || !allDigits(digits))
        {
            return null;
        }
        if (plus)
        {
            return global(digits);
        }
        if (digits.startsWith("00"))
        {
            return global(digits.substring(2));
        }
        final int length = digits.length();
        if (digits.charAt(0) == '0' && length >= MIN_NATIONAL_DIGITS + 1 && length <= MAX_NATIONAL_DIGITS + 1)
        {
            return global(COUNTRY_CODE + digits.substring(1));
        }
        if (digits.startsWith(COUNTRY_CODE) && length >= COUNTRY_CODE.length() + MIN_NATIONAL_DIGITS &&
            length <= COUNTRY_CODE.length() + MAX_NATIONAL_DIGITS && digits.charAt(COUNTRY_CODE.length()) != '0')
        {
            return global(digits);
        }
        return null;
    }

    /** {@code +digits} when the digits can be an E.164 number, else null. */
    private static String global(final String digits)
    {
        final String e164 = "+" + digits;
        return isE164(e164) ? e164 : null;
    }

    /** The text without RFC 3966 visual separators and spaces. */
    private static String separatorsDropped(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '-' || c == '.' || c == '(' || c == ')' || c == ' ')
            {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The text with its {@code %XX} escapes decoded (ASCII only), or null when an escape is malformed or not ASCII. */
    private static String percentDecoded(final String text)
    {
        if (text.indexOf('%') < 0)
        {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c != '%')
            {
                out.append(c);
                continue;
            }
            if (i + 2 >= text.length())
            {
                return null;
            }
            final int value = Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16);
            if (Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0 || value < 0x20 ||
                value > 0x7E)
            {
                return null;
            }
            out.append((char)value);
            i += 2;
        }
        return out.toString();
    }

    private static boolean allDigits(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (!digit(text.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
