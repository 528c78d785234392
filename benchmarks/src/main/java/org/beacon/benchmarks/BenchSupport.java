package org.beacon.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.beacon.center.CenterStateMachine;
import org.beacon.core.StateMachine;

/**
 * What the rigs and benchmarks share: the state machine under measurement and temporary folders.
 */
public final class BenchSupport
{
    static
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    private BenchSupport()
    {
    }

    /** @return a fresh instance of the state machine every rig measures. */
    public static StateMachine newStateMachine()
    {
        return new CenterStateMachine();
    }

    /**
     * Creates a temporary folder for one run.
     *
     * @param prefix of its name.
     * @return the new folder.
     */
    public static Path tempDir(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a folder and everything below it; quiet when it is already gone.
     *
     * @param dir to delete.
     */
    public static void deleteRecursively(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
