package org.beacon.dispatch.location;

import java.util.Locale;

/**
 * Reads the cell a caller is served by from a SIP {@code P-Access-Network-Info} header value
 * (3GPP TS 24.229, 7.2A.4), e.g. {@code 3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=45204A1B2C3D4E5F}.
 *
 * <p>Layouts of the cell parameter, after the MCC (3 digits) and MNC (2 or 3 digits):
 * <ul>
 *   <li>{@code 3GPP-GERAN}: {@code cgi-3gpp} = LAC (4 hex) + CI (4 hex);</li>
 *   <li>{@code 3GPP-UTRAN-FDD/TDD}: {@code utran-cell-id-3gpp} = LAC (4 hex) + UTRAN cell id (7 hex);</li>
 *   <li>{@code 3GPP-E-UTRAN-FDD/TDD}: {@code utran-cell-id-3gpp} = TAC (4 hex) + ECI (7 hex);</li>
 *   <li>{@code 3GPP-NR-FDD/TDD}: {@code utran-cell-id-3gpp} = TAC (6 hex) + NCI (9 hex).</li>
 * </ul>
 * The MNC's length follows from the total length. When the header lists several access networks,
 * the one marked {@code network-provided} (inserted by the network, so trustworthy) is preferred.
 * Parsing never throws; an unusable value gives null.
 */
public final class PAccessNetworkInfo
{
    /** Longest header value read, characters. */
    public static final int MAX_VALUE_LENGTH = 2048;

    private PAccessNetworkInfo()
    {
    }

    /**
     * Parses a header value.
     *
     * @param value the header value without its name; may be null.
     * @return the serving cell, or null when the value names no cell this parser understands.
     */
    public static CellIdentity parse(final String value)
    {
        if (null == value || value.isBlank() || value.length() > MAX_VALUE_LENGTH)
        {
            return null;
        }
        CellIdentity first = null;
        for (final String spec : value.split(",", -1))
        {
            final String[] parts = spec.split(";", -1);
            final String accessType = parts[0].trim().toUpperCase(Locale.ROOT);
            boolean networkProvided = false;
            String cellParameter = null;
            for (int i = 1; i < parts.length; i++)
            {
                final String parameter = parts[i].trim();
                final int eq = parameter.indexOf('=');
                final String name = (eq < 0 ? parameter : parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (name.equals("network-provided"))
                {
                    networkProvided = true;
                }
                else if (eq > 0 && (name.equals("utran-cell-id-3gpp") || name.equals("cgi-3gpp")))
                {
                    cellParameter = unquote(parameter.substring(eq + 1).trim());
                }
            }
            if (null == cellParameter)
            {
                continue;
            }
            final CellIdentity cell = decode(accessType, cellParameter);
            if (null != cell && networkProvided)
            {
                return cell;
            }
            if (null == first)
            {
                first = cell;
            }
        }
        return first;
    }

    /**
     * Decodes a cell parameter for an access type.
     *
     * @param accessType e.g. {@code 3GPP-E-UTRAN-FDD}.
     * @param digits     the parameter's value: MCC, MNC, area code and cell id run together.
     * @return the cell, or null when the value does not fit the access type's layout.
     */
    public static CellIdentity decode(final String accessType, final String digits)
    {
        final String type = accessType.trim().toUpperCase(Locale.ROOT);
        final CellIdentity.Radio radio;
        final int areaHex;
        final int cellHex;
        if (type.startsWith("3GPP-NR"))
        {
            radio = CellIdentity.Radio.NR;
            areaHex = 6;
            cellHex = 9;
        }
        else if (type.startsWith("3GPP-E-UTRAN"))
        {
            radio = CellIdentity.Radio.LTE;
            areaHex = 4;
            cellHex = 7;
        }
        else if (type.startsWith("3GPP-UTRAN"))
        {
            radio = CellIdentity.Radio.UMTS;
            areaHex = 4;
            cellHex = 7;
        }
        else if (type.startsWith("3GPP-GERAN"))
        {
            radio = CellIdentity.Radio.GSM;
            areaHex = 4;
            cellHex = 4;
        }
        else
        {
            return null;
        }
        final int mncLength = digits.length() - 3 - areaHex - cellHex;
        if (mncLength != 2 && mncLength != 3)
        {
            return null;
        }
        for (int i = 0; i < 3 + mncLength; i++)
        {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9')
            {
                return null;
            }
        }
        final int plmn = 3 + mncLength;
        final long area = hex(digits, plmn, plmn + areaHex);
        final long cell = hex(digits, plmn + areaHex, digits.length());
        if (area < 0 || cell < 0)
        {
            return null;
        }
        return new CellIdentity(radio, Integer.parseInt(digits.substring(0, 3)), Integer.parseInt(digits.substring(3, plmn)),
            (int)area, cell);
    }

    private static long hex(final String text, final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final int digit = hexDigit(text.charAt(i));
            if (digit < 0)
            {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static int hexDigit(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String unquote(final String value)
    {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"')
        {
            return value.substring(1, value.length() - 1).trim();
        }
        return value;
    }
}
