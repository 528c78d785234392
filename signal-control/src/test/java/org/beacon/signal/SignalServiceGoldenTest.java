package org.beacon.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Pins the planner's exact outputs (every byte, in order), the congestion it hands on and its final snapshot for
 * seeded scenarios of routes, stops, fixes, ticks, statuses with detectors and operators' commands, as recorded
 * before signal control was cut into its parts. A change of any output byte changes the digest.
 */
class SignalServiceGoldenTest
{
    /** The digest recorded from the code before the cut. */
    static final String GOLDEN = "5353f5ff73ea2328639f60538966d9abdefec57d7d0c7311bac6e3100096bce4";

    static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};
    static final int STEPS = 800;

    /** Digests the run of the seeded scenarios, one fresh driver per seed. */
    static String digest(final java.util.function.LongFunction<SignalDriver> drivers,
        final java.util.function.BiConsumer<SignalDriver, SignalServiceDeterminismTest.Step> apply)
        throws NoSuchAlgorithmException
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (final long seed : SEEDS)
        {
            final SignalDriver driver = drivers.apply(seed);
            final List<SignalServiceDeterminismTest.Step> steps = SignalServiceDeterminismTest.scenario(seed, STEPS);
            for (final SignalServiceDeterminismTest.Step step : steps)
            {
                final int from = driver.raw.size();
                final int congestionFrom = driver.congestion.size();
                apply.accept(driver, step);
                digest.update((byte)0x7E);
                for (final byte[] output : driver.raw.subList(from, driver.raw.size()))
                {
                    digest.update(intBytes(output.length));
                    digest.update(output);
                }
                for (final int[] c : driver.congestion.subList(congestionFrom, driver.congestion.size()))
                {
                    digest.update((byte)0x43);
                    digest.update(intBytes(c[0]));
                    digest.update(intBytes(c[1]));
                }
            }
            digest.update(driver.snapshot());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] intBytes(final int value)
    {
        return new byte[]{(byte)(value >>> 24), (byte)(value >>> 16), (byte)(value >>> 8), (byte)value};
    }

    @Test
    void theOldEntryPointsGiveTheRecordedBytes() throws NoSuchAlgorithmException
    {
        final String actual = digest(seed -> new SignalDriver(), (driver, step) -> step.apply(driver));
        System.out.println("signal golden digest " + actual);
        assertThat(actual).isEqualTo(GOLDEN);
    }
}
