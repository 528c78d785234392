package org.beacon.dispatch.alert.broadcast;

/**
 * The 16-bit serial number of a cell-broadcast message (3GPP TS 23.041 section 9.4.1.2.1):
 *
 * <pre>
 *   15 14 13                          4  3        0
 *  +-----+-----------------------------+-----------+
 *  | GS  |        message code         |  update   |
 *  +-----+-----------------------------+-----------+
 * </pre>
 *
 * GS is the geographical scope (00 cell wide with immediate display, 01 PLMN wide, 10 location/service/tracking area
 * wide, 11 cell wide); the message code tells messages of the same identifier apart; the update number (mod 16) says a
 * message replaces an earlier one with the same code. A handset shows a message again only when the serial number
 * changes, so an Update keeps the code and increments the update number.
 */
public final class SerialNumber
{
    /** Cell wide, display immediately: what Beacon's alerts use. */
    public static final int SCOPE_CELL_IMMEDIATE = 0;
    /** PLMN wide, normal display. */
    public static final int SCOPE_PLMN = 1;
    /** Location area / service area / tracking area wide. */
    public static final int SCOPE_AREA = 2;
    /** Cell wide, normal display. */
    public static final int SCOPE_CELL = 3;
    /** Largest message code (10 bits). */
    public static final int MAX_MESSAGE_CODE = 0x3FF;
    /** Largest update number (4 bits). */
    public static final int MAX_UPDATE_NUMBER = 0xF;

    private SerialNumber()
    {
    }

    /**
     * Packs a serial number.
     *
     * @param scope        geographical scope, 0 to 3.
     * @param messageCode  message code, 0 to 1023.
     * @param updateNumber update number, 0 to 15.
     * @return the serial number, 0 to 65535.
     */
    public static int of(final int scope, final int messageCode, final int updateNumber)
    {
        if (scope < 0 || scope > 3 || messageCode < 0 || messageCode > MAX_MESSAGE_CODE || updateNumber < 0 ||
            updateNumber > MAX_UPDATE_NUMBER)
        {
            throw new IllegalArgumentException("serial number parts out of range: " + scope + ", " + messageCode + ", " + updateNumber);
        }
        return scope << 14 | messageCode << 4 | updateNumber;
    }

    /**
     * @param serialNumber a serial number.
     * @return its geographical scope.
     */
    public static int scope(final int serialNumber)
    {
        return serialNumber >>> 14 & 0x3;
    }

    /**
     * @param serialNumber a serial number.
     * @return its message code.
     */
    public static int messageCode(final int serialNumber)
    {
        return serialNumber >>> 4 & MAX_MESSAGE_CODE;
    }

    /**
     * @param serialNumber a serial number.
     * @return its update number.
     */
    public static int updateNumber(final int serialNumber)
    {
        return serialNumber & MAX_UPDATE_NUMBER;
    }
}
