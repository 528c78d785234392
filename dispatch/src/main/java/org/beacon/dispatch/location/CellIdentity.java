package org.beacon.dispatch.location;

/**
 * A radio cell's global identity: the key of the cell database.
 *
 * @param radio  the radio access technology.
 * @param mcc    mobile country code, 0..999.
 * @param mnc    mobile network code, 0..999 (OpenCelliD's {@code net}).
 * @param area   location area code (GSM, UMTS) or tracking area code (LTE, NR).
 * @param cellId cell identity: CI (GSM, 16 bits), UTRAN cell id (28 bits), ECI (28 bits), NCI (36 bits).
 */
public record CellIdentity(Radio radio, int mcc, int mnc, int area, long cellId)
{
    /** Radio access technologies, named as OpenCelliD names them. */
    public enum Radio
    {
        /** 2G. */
        GSM,
        /** 3G. */
        UMTS,
        /** 4G. */
        LTE,
        /** 5G. */
        NR,
        /** CDMA (kept for completeness of the OpenCelliD layout). */
        CDMA
    }

    @Override
    public String toString()
    {
        return radio + " " + mcc + "-" + mnc + " area " + area + " cell " + cellId;
    }
}
