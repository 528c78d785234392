package org.beacon.video.plates;

import java.util.Locale;
import java.util.regex.Pattern;

import org.beacon.codecs.PlateLayout;

/**
 * Vietnamese plate formats and the correction of raw OCR text against them.
 *
 * <pre>
 *   one line (car, 520 x 110 mm):        51F-123.45   51F-1234   51LD-123.45   51A1-1234
 *   two lines (motorbike, 190 x 140 mm): 59-X1        59-X1
 *                                        123.45       1234
 * </pre>
 *
 * Display form: one line as printed, two lines joined by one space ("59-X1 123.45"). Series letters never
 * include I, O, Q, W (or J), which is what lets a letter position undo the digit confusions.
 */
public final class VietnamesePlates
{
    /** Letters a series may use. */
    public static final String SERIES_LETTERS = "ABCDEFGHKLMNPRSTUVXYZ";

    /** Templates: D digit, L series letter, X series letter or digit; '-', '.' as printed, ' ' the line break. */
    private static final String[] TEMPLATES = {
        "DDL-DDD.DD", "DDL-DDDD", "DDLX-DDD.DD", "DDLX-DDDD", "DD-LD DDD.DD", "DD-LD DDDD",
    };

    private static final Pattern ONE_LINE = Pattern.compile("\\d{2}[" + SERIES_LETTERS + "][" + SERIES_LETTERS
        + "0-9]?-(\\d{3}\\.\\d{2}|\\d{4})");
    private static final Pattern TWO_LINE = Pattern.compile("\\d{2}-[" + SERIES_LETTERS + "]\\d (\\d{3}\\.\\d{2}|\\d{4})");

    /** Where a digit must stand: what a letter read there most likely was. */
    private static final String DIGIT_FROM = "BDOQUSZGILTAJ";
    private static final String DIGIT_TO = "8000052611741";
    /** Where a series letter must stand: what a digit (or a letter series never use) read there most likely was. */
    private static final String LETTER_FROM = "80O5261I47QJW";
    private static final String LETTER_TO = "BDDSZGTTATDTV";

    private static final double NO_FIT = Double.MAX_VALUE;
    /** Beyond this many corrections the text is not taken for a plate. */
    private static final double MAX_COST = 4.5;

    /** Lowest and highest province (or central agency) code a plate begins with. */
    private static final int FIRST_PROVINCE = 11;
    private static final int LAST_PROVINCE = 99;

    private VietnamesePlates()
    {
    }

    /**
     * The codes a plate may begin with: 11 to 99 (a phone number's "09", "03" or "02" is none of them).
     *
     * @return the codes, ascending; a new array each call.
     */
    public static int[] provinces()
    {
        final int[] out = new int[LAST_PROVINCE - FIRST_PROVINCE + 1];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = FIRST_PROVINCE + i;
        }
        return out;
    }

    /**
     * Whether two digits are a province code.
     *
     * @param tens the first digit.
     * @param ones the second digit.
     * @return true for a code of {@link #provinces()}.
     */
    public static boolean isProvince(final char tens, final char ones)
    {
        if (tens < '0' || tens > '9' || ones < '0' || ones > '9')
        {
            return false;
        }
        final int code = (tens - '0') * 10 + (ones - '0');
        return code >= FIRST_PROVINCE && code <= LAST_PROVINCE;
    }

    /**
     * Corrects raw OCR text (either layout; lines joined by a space or a newline) to the nearest valid plate,
     * substituting the known confusions by position.
     *
     * @param raw OCR text; separators ('-', '.', spaces, newlines) are optional but used when present.
     * @return the display form ("51F-123.45" or "59-X1 123.45"), or null when no format fits.
     */
    public static String correct(final String raw)
    {
        if (raw == null)
        {
            return null;
        }
        final StringBuilder chars = new StringBuilder();
        final StringBuilder breaks = new StringBuilder(); // breaks.charAt(i): separator before chars[i], or '_'
        char pending = '_';
        final String upper = raw.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++)
        {
            final char c = upper.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                breaks.append(chars.length() == 0 ? '_' : pending);
                chars.append(c);
                pending = '_';
            }
            else if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
            {
                pending = pending == '_' ? ' ' : pending;
            }
            else if (c == '-' || c == '_' || c == '~' || c == '\u2013' || c == '\u2014')
            {
                pending = '-';
            }
            else if (c == '.' || c == ',' || c == '\u00b7')
            {
                pending = '.';
            }
        }
        String best = null;
        double bestCost = NO_FIT;
        for (int drop = 0; drop <= 2; drop++)
        {
            // drop 0: the text as read; 1: one stray character at the start; 2: at the end (a border read as a glyph)
            final int from = drop == 1 ? 1 : 0;
            final int to = drop == 2 ? chars.length() - 1 : chars.length();
            if (to - from < 7)
            {
                continue;
            }
            final String s = chars.substring(from, to);
            final String b = breaks.substring(from, to);
            for (final String template : TEMPLATES)
            {
                final StringBuilder out = new StringBuilder(template.length());
                final double cost = fit(template, s, b, out) + (drop == 0 ? 0 : 1);
                if (cost < bestCost && cost <= MAX_COST && isValid(out.toString()))
                {
                    bestCost = cost;
                    best = out.toString();
                }
            }
        }
        return best;
    }

    /** Cost of reading {@code s} (separators {@code b}) as {@code template}; writes the display form into out. */
    private static double fit(final String template, final String s, final String b, final StringBuilder out)
    {
        int slots = 0;
        for (int i = 0; i < template.length(); i++)
        {
            final char t = template.charAt(i);
            if (t == 'D' || t == 'L' || t == 'X')
            {
                slots++;
            }
        }
        if (slots != s.length())
        {
            return NO_FIT;
        }
        boolean anySeparator = false;
        for (int i = 0; i < b.length(); i++)
        {
            anySeparator |= b.charAt(i) != '_';
        }
        double cost = 0;
        int k = 0;
        char sep = '_';
        for (int i = 0; i < template.length(); i++)
        {
            final char t = template.charAt(i);
            if (t != 'D' && t != 'L' && t != 'X')
            {
                sep = t;
                out.append(t);
                continue;
            }
            if (anySeparator && k > 0)
            {
                final char seen = b.charAt(k);
                if (seen != sep)
                {
                    // a separator read where none is printed weighs more than one the OCR missed
                    cost += seen == '_' ? 0.5 : (sep == '_' || seen == ' ' || sep == ' ' ? 1.0 : 0.3);
                }
            }
            sep = '_';
            final char c = s.charAt(k++);
            final char fixed = fix(t, c);
            if (fixed == 0)
            {
                return NO_FIT;
            }
            cost += fixed == c ? 0 : 1;
            out.append(fixed);
        }
        return cost;
    }

    private static char fix(final char cls, final char c)
    {
        final boolean digit = c >= '0' && c <= '9';
        final boolean letter = SERIES_LETTERS.indexOf(c) >= 0;
        switch (cls)
        {
            case 'D':
                if (digit)
                {
                    return c;
                }
                final int d = DIGIT_FROM.indexOf(c);
                return d < 0 ? 0 : DIGIT_TO.charAt(d);
            case 'L':
                if (letter)
                {
                    return c;
                }
                final int l = LETTER_FROM.indexOf(c);
                return l < 0 ? 0 : LETTER_TO.charAt(l);
            case 'X':
                if (letter || digit)
                {
                    return c;
                }
                if ("IOQJ".indexOf(c) >= 0)
                {
                    return fix('D', c);
                }
                final int x = LETTER_FROM.indexOf(c);
                return x < 0 ? 0 : LETTER_TO.charAt(x);
            default:
                return 0;
        }
    }

    /**
     * The plate's letters and digits only, upper case, for matching.
     *
     * @param plate any form of a plate.
     * @return e.g. "51F12345"; empty for null.
     */
    public static String normalize(final String plate)
    {
        if (plate == null)
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder(plate.length());
        for (int i = 0; i < plate.length(); i++)
        {
            final char c = Character.toUpperCase(plate.charAt(i));
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Whether a display form is a valid plate.
     *
     * @param displayForm e.g. "51F-123.45" or "59-X1 123.45".
     * @return true when it matches one of the formats exactly.
     */
    public static boolean isValid(final String displayForm)
    {
        return layout(displayForm) != PlateLayout.UNKNOWN;
    }

    /**
     * The layout of a display form.
     *
     * @param displayForm e.g. "51F-123.45" or "59-X1 123.45".
     * @return ONE_LINE, TWO_LINE, or UNKNOWN when the form is not valid.
     */
    public static PlateLayout layout(final String displayForm)
    {
        if (displayForm == null)
        {
            return PlateLayout.UNKNOWN;
        }
        if (displayForm.length() < 2 || !isProvince(displayForm.charAt(0), displayForm.charAt(1)))
        {
            return PlateLayout.UNKNOWN;
        }
        if (ONE_LINE.matcher(displayForm).matches())
        {
            return PlateLayout.ONE_LINE;
        }
        if (TWO_LINE.matcher(displayForm).matches())
        {
            return PlateLayout.TWO_LINE;
        }
        return PlateLayout.UNKNOWN;
    }
}
