package org.beacon.signal.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Pins the controller's exact timeline, as recorded before it was cut into its parts: seeded random configurations
 * driven by random central commands (fault flash and its reset included) at random steps, every command's result and,
 * after each step, every phase's lamps, SPaT ends, the mode and the command state go into one digest.
 */
class RingBarrierControllerGoldenTest
{
    /** The digest recorded from the code before the cut. */
    static final String GOLDEN = "1f3293d435983745001bc2d644ed1f89740531c5af67b5503b451cf0b9c2389b";

    private static final long MS = 1_000_000L;

    @Test
    void theTimelineIsTheRecordedOne() throws NoSuchAlgorithmException
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final ByteBuffer bytes = ByteBuffer.allocate(1024);
        for (int seed = 1; seed <= 60; seed++)
        {
            final SplittableRandom rnd = new SplittableRandom(seed * 31_337L);
            final ControllerConfig config = ControllerPropertyTest.randomConfig(rnd, "golden-" + seed);
            long t = rnd.nextLong(0, 1_000_000) * 100 * MS;
            final RingBarrierController c = new RingBarrierController(config, t);
            final double commandRate = 0.005 + rnd.nextDouble() * 0.03;
            for (int i = 0; i < 2500; i++)
            {
                bytes.clear();
                final long stepNs = rnd.nextBoolean() ? 100 * MS : rnd.nextLong(1, 300 * MS + 1);
                if (rnd.nextDouble() < commandRate)
                {
                    final long at = t + rnd.nextLong(0, stepNs + 1);
                    bytes.putInt(command(rnd, c, at, at + rnd.nextLong(500 * MS, 90_000 * MS)));
                }
                t += stepNs;
                c.advanceTo(t);
                bytes.putInt(c.mode().ordinal()).putInt(c.faults()).putLong(c.activePreemptId())
                    .putLong(c.commandExpiresAtNs()).putLong(c.nowNs());
                for (int p = 1; p <= 8; p++)
                {
                    bytes.putInt(c.lamps(p)).putInt(c.pedLamps(p)).putLong(c.minEndNs(p)).putLong(c.maxEndNs(p))
                        .putInt(c.vehicle(p).ordinal()).putInt(c.pedestrian(p).ordinal());
                }
                digest.update(bytes.array(), 0, bytes.position());
            }
            digest.update(c.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        final String actual = HexFormat.of().formatHex(digest.digest());
        System.out.println("controller golden digest " + actual);
        assertThat(actual).isEqualTo(GOLDEN);
    }

    private static int command(final SplittableRandom rnd, final RingBarrierController c, final long at, final long expiry)
    {
        final int phase = rnd.nextInt(10) == 0 ? rnd.nextInt(0, 10) : 1 + rnd.nextInt(8);
        switch (rnd.nextInt(12))
        {
            case 0:
            case 1:
            case 2:
                return c.preempt(1 + rnd.nextInt(4), phase, 1 + rnd.nextInt(4), at, expiry);
            case 3:
                return c.cancelPreempt(1 + rnd.nextInt(4), at);
            case 4:
            case 5:
                return c.hold(phase, at, expiry);
            case 6:
                return c.advance(at);
            case 7:
                return c.flash(at, expiry);
            case 8:
                return c.release(at);
            case 9:
                if (rnd.nextInt(4) == 0)
                {
                    c.faultFlash(1 << rnd.nextInt(8), at);
                }
                return 100;
            case 10:
                return c.resetFault(at);
            default:
                return c.preempt(1 + rnd.nextInt(4), phase, 1 + rnd.nextInt(4), at, at - 1);
        }
    }
}
