package org.beacon.dispatch.alert.broadcast;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a cell-broadcast message cut into CBS pages: UCS-2 (Vietnamese needs it; its letters are outside the GSM
 * 7-bit alphabet), 82 octets a page (41 UTF-16 code units), at most 15 pages (3GPP TS 23.041 section 9.4.1.2.4 and
 * 9.4.2.2.5), the unused end of the last page filled with carriage returns (U+000D) as TS 23.041 pads short pages.
 *
 * <p>The text is put in Unicode normal form C first, so that a Vietnamese letter with two marks ("ệ") is one code unit
 * instead of up to three. A page never ends between the two halves of a surrogate pair. Text longer than 15 pages
 * (615 code units) is cut and ends with an ellipsis (U+2026) and {@link #truncated()} says so: an emergency message
 * goes out shortened rather than not at all; the broadcast report's detail names the truncation.
 *
 * @param dataCodingScheme the CBS data coding scheme: {@value #DCS_UCS2} (general data coding, UCS-2, no class).
 * @param pages            the pages, {@value #PAGE_OCTETS} octets each, big-endian UTF-16 code units.
 * @param usedOctets       the octets of text on each page (the rest is padding).
 * @param text             the text as sent (normalized, possibly cut).
 * @param truncated        whether the text was cut to fit.
 */
public record CbsPages(int dataCodingScheme, List<byte[]> pages, int[] usedOctets, String text, boolean truncated)
{
    /** Data coding scheme: general data coding, uncompressed, UCS-2, no message class (3GPP TS 23.038 section 5). */
    public static final int DCS_UCS2 = 0x48;
    /** Octets of content a CBS page holds. */
    public static final int PAGE_OCTETS = 82;
    /** Most pages of one CBS message. */
    public static final int MAX_PAGES = 15;
    /** UTF-16 code units a page holds. */
    public static final int UNITS_PER_PAGE = PAGE_OCTETS / 2;
    /** Most UTF-16 code units of one message. */
    public static final int MAX_UNITS = UNITS_PER_PAGE * MAX_PAGES;

    private static final char PADDING = '\r';
    private static final char ELLIPSIS = '\u2026';

    /**
     * Encodes a text.
     *
     * @param text the text.
     * @return its pages.
     */
    public static CbsPages ucs2(final String text)
    {
        String sent = Normalizer.normalize(text, Normalizer.Form.NFC);
        boolean truncated = false;
        if (pagesNeeded(sent) > MAX_PAGES)
        {
            truncated = true;
            int keep = MAX_UNITS - 1;
            String candidate;
            do
            {
                int cut = Math.min(keep, sent.length());
                if (cut > 0 && Character.isHighSurrogate(sent.charAt(cut - 1)))
                {
                    cut--;
                }
                candidate = sent.substring(0, cut) + ELLIPSIS;
                keep = cut - 1;
            }
            while (pagesNeeded(candidate) > MAX_PAGES);
            sent = candidate;
        }
        final List<byte[]> pages = new ArrayList<>();
        final List<Integer> used = new ArrayList<>();
        int at = 0;
        do
        {
            int end = Math.min(sent.length(), at + UNITS_PER_PAGE);
            if (end < sent.length() && Character.isHighSurrogate(sent.charAt(end - 1)))
            {
                end--;
            }
            final byte[] page = new byte[PAGE_OCTETS];
            int octet = 0;
            for (int i = at; i < end; i++)
            {
                page[octet++] = (byte)(sent.charAt(i) >>> 8);
                page[octet++] = (byte)sent.charAt(i);
            }
            used.add(octet);
            while (octet < PAGE_OCTETS)
            {
                page[octet++] = 0;
                page[octet++] = (byte)PADDING;
            }
            pages.add(page);
            at = end;
        }
        while (at < sent.length());
        return new CbsPages(DCS_UCS2, List.copyOf(pages), used.stream().mapToInt(Integer::intValue).toArray(), sent, truncated);
    }

    private static int pagesNeeded(final String text)
    {
        int pages = 0;
        int at = 0;
        do
        {
            int end = Math.min(text.length(), at + UNITS_PER_PAGE);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1)))
            {
                end--;
            }
            pages++;
            at = end;
        }
        while (at < text.length());
        return pages;
    }

    /**
     * Decodes the pages back to text, as a handset does.
     *
     * @return the text.
     */
    public String decode()
    {
        final StringBuilder out = new StringBuilder();
        for (int p = 0; p < pages.size(); p++)
        {
            final byte[] page = pages.get(p);
            for (int i = 0; i < usedOctets[p]; i += 2)
            {
                out.append((char)((page[i] & 0xFF) << 8 | page[i + 1] & 0xFF));
            }
        }
        return out.toString();
    }
}
