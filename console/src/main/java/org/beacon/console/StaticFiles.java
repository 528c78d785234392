package org.beacon.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consoles' files, read once from the classpath (the module's {@code web/} folder and the Leaflet WebJar)
 * and kept in memory: nothing is fetched from anywhere else at run time.
 */
final class StaticFiles
{
    private static final ConcurrentHashMap<String, Optional<byte[]>> CACHE = new ConcurrentHashMap<>();

    private StaticFiles()
    {
    }

    /**
     * @param name a classpath resource name, no leading slash.
     * @return its bytes, or null when there is no such resource.
     */
    static byte[] read(final String name)
    {
        return CACHE.computeIfAbsent(name, StaticFiles::load).orElse(null);
    }

    private static Optional<byte[]> load(final String name)
    {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(name))
        {
            return null == in ? Optional.empty() : Optional.of(in.readAllBytes());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
