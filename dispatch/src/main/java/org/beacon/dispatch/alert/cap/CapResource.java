package org.beacon.dispatch.alert.cap;

import java.util.Objects;

/**
 * A digital asset that goes with an info block ({@code <resource>}, CAP 1.2 section 3.2.3).
 *
 * @param resourceDesc what the resource is, e.g. "map" or "photo".
 * @param mimeType     the MIME content type.
 * @param size         size in bytes, or {@code null}.
 * @param uri          where to fetch it, or {@code null}.
 * @param derefUri     the content itself, base64, or {@code null}.
 * @param digest       SHA-1 hash of the content, or {@code null}.
 */
public record CapResource(String resourceDesc, String mimeType, Long size, String uri, String derefUri, String digest)
{
    /**
     * Checks the required parts are present.
     */
    public CapResource
    {
        Objects.requireNonNull(resourceDesc, "resourceDesc");
        Objects.requireNonNull(mimeType, "mimeType");
    }
}
