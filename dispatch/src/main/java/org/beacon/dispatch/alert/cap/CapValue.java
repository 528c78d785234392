package org.beacon.dispatch.alert.cap;

import java.util.Objects;

/**
 * A system-specific name and value, the shape shared by {@code <eventCode>}, {@code <parameter>} and {@code <geocode>}.
 *
 * @param valueName the name of the coding system or parameter, e.g. {@code SAME} or {@code VN-HCM-WARD}.
 * @param value     the value.
 */
public record CapValue(String valueName, String value)
{
    /**
     * Checks the parts are present.
     */
    public CapValue
    {
        Objects.requireNonNull(valueName, "valueName");
        Objects.requireNonNull(value, "value");
    }
}
