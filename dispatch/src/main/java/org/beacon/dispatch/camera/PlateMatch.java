package org.beacon.dispatch.camera;

/**
 * How the state machine compares plates: by their letters and digits only, upper case, and, when no listed plate
 * equals a read, by the reads one OCR confusion away (8/B, 0/D/O/Q, 5/S, 2/Z, 6/G, 1/I/L, 7/T, 4/A). The variants are
 * tried in a fixed order, so the same read finds the same entry on every replay.
 */
public final class PlateMatch
{
    /** Characters a reader confuses, as groups: each character may stand for any other of its group. */
    private static final String[] CONFUSIONS = {"8B", "0DOQ", "5S", "2Z", "6G", "1IL", "7T", "4A"};
    /** Longest normalized plate (two-line plates have 9 characters). */
    public static final int MAX_LENGTH = 12;
    /** Shortest normalized plate. */
    public static final int MIN_LENGTH = 6;

    private PlateMatch()
    {
    }

    /**
     * @param plate a plate as printed or read ("51F-123.45", "59-X1 123.45").
     * @return its letters and digits, upper case ("51F12345").
     */
    public static String normalize(final CharSequence plate)
    {
        final StringBuilder sb = new StringBuilder(plate.length());
        for (int i = 0; i < plate.length(); i++)
        {
            final char c = Character.toUpperCase(plate.charAt(i));
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * @param normalized a normalized plate.
     * @return whether it can be a plate: 6..12 letters and digits, beginning with two digits (the province).
     */
    public static boolean plausible(final String normalized)
    {
        return normalized.length() >= MIN_LENGTH && normalized.length() <= MAX_LENGTH &&
            Character.isDigit(normalized.charAt(0)) && Character.isDigit(normalized.charAt(1));
    }

    /**
     * @param c a character.
     * @return the characters it may be confused with (not including itself), or an empty string.
     */
    public static String confusable(final char c)
    {
        for (final String group : CONFUSIONS)
        {
            final int at = group.indexOf(c);
            if (at >= 0)
            {
                return group.substring(0, at) + group.substring(at + 1);
            }
        }
        return "";
    }

    /** Receives the variants of a read. */
    @FunctionalInterface
    public interface VariantVisitor
    {
        /**
         * @param variant a plate one confusion away from the read.
         * @return true to stop.
         */
        boolean visit(String variant);
    }

    /**
     * Visits every plate one confusion away from a normalized read, position by position, left to right.
     *
     * @param normalized the read.
     * @param visitor    told each variant until it returns true.
     * @return whether the visitor stopped.
     */
    public static boolean forEachVariant(final String normalized, final VariantVisitor visitor)
    {
        final char[] chars = normalized.toCharArray();
        for (int i = 0; i < chars.length; i++)
        {
            final char original = chars[i];
            final String others = confusable(original);
            for (int k = 0; k < others.length(); k++)
            {
                chars[i] = others.charAt(k);
                if (visitor.visit(new String(chars)))
                {
                    return true;
                }
            }
            chars[i] = original;
        }
        return false;
    }
}
