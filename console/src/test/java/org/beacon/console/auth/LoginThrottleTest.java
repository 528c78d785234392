package org.beacon.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest
{
    private static final String GUESSER = "203.0.113.7";
    private static final String WORKSTATION = "10.1.2.3";

    private final CachedEpochClock clock = new CachedEpochClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    LoginThrottleTest()
    {
        clock.update(1_700_000_000_000L);
    }

    private void fail(final String source, final String name)
    {
        assertThat(throttle.begin(source, name)).as("%s may try %s", source, name).isZero();
        throttle.end(source, name, false);
    }

    @Test
    void theWaitDoublesPerFailureOverTheAllowanceUpToFiveMinutes()
    {
        assertThat(LoginThrottle.delayMs(4, 5)).isZero();
        assertThat(LoginThrottle.delayMs(5, 5)).isEqualTo(1_000);
        assertThat(LoginThrottle.delayMs(6, 5)).isEqualTo(2_000);
        assertThat(LoginThrottle.delayMs(13, 5)).isEqualTo(256_000);
        assertThat(LoginThrottle.delayMs(14, 5)).isEqualTo(LoginThrottle.MAX_DELAY_MS);
        assertThat(LoginThrottle.delayMs(Integer.MAX_VALUE, 5)).isEqualTo(LoginThrottle.MAX_DELAY_MS);

        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            fail(GUESSER, "disp");
        }
        long expected = LoginThrottle.FIRST_DELAY_MS;
        for (int round = 0; round < 12; round++)
        {
            assertThat(throttle.begin(GUESSER, "disp")).as("round %d", round).isEqualTo(expected);
            clock.advance(expected - 1);
            assertThat(throttle.begin(GUESSER, "disp")).as("refused attempts do not count").isEqualTo(1);
            clock.advance(1);
            fail(GUESSER, "disp");
            expected = Math.min(LoginThrottle.MAX_DELAY_MS, expected * 2);
        }
        assertThat(expected).isEqualTo(LoginThrottle.MAX_DELAY_MS);
    }

    @Test
    void anotherAddressIsNeverSlowedByTheGuessersFailures()
    {
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++)
        {
            fail(GUESSER, i < LoginThrottle.NAME_FREE_FAILURES ? "disp" : "other" + i);
        }
        assertThat(throttle.waitMs(GUESSER, "disp")).isPositive();
        assertThat(throttle.waitMs(GUESSER, "anyone")).isPositive();
        assertThat(throttle.begin(WORKSTATION, "disp")).isZero();
        throttle.end(WORKSTATION, "disp", true);
        assertThat(throttle.waitMs(WORKSTATION, "disp")).isZero();
    }

    @Test
    void oneAddressSprayingManyNamesWaitsPastTheAddressAllowance()
    {
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++)
        {
            fail(GUESSER, "name" + i);
        }
        assertThat(throttle.begin(GUESSER, "fresh")).isEqualTo(LoginThrottle.FIRST_DELAY_MS);
        assertThat(throttle.begin(GUESSER, null)).as("an invalid name counts on the address").isEqualTo(LoginThrottle.FIRST_DELAY_MS);
        assertThat(throttle.begin(WORKSTATION, "fresh")).isZero();
    }

    @Test
    void aSuccessForgetsItsNameButNotTheAddresssOtherGuesses()
    {
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES - 1; i++)
        {
            fail(GUESSER, "victim" + i);
        }
        // logging in to an account of one's own from the same address
        assertThat(throttle.begin(GUESSER, "mine")).isZero();
        throttle.end(GUESSER, "mine", true);
        fail(GUESSER, "another");
        assertThat(throttle.begin(GUESSER, "mine")).as("the address's failures stay").isEqualTo(LoginThrottle.FIRST_DELAY_MS);
    }

    @Test
    void attemptsInFlightCountUntilTheyEnd()
    {
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            assertThat(throttle.begin(GUESSER, "disp")).isZero();
        }
        assertThat(throttle.begin(GUESSER, "disp")).as("parallel guesses cannot pass the allowance").isPositive();
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES - 1; i++)
        {
            throttle.end(GUESSER, "disp", false);
        }
        throttle.end(GUESSER, "disp", true);
        assertThat(throttle.begin(GUESSER, "disp")).as("the success forgot the name's failures").isZero();
    }

    @Test
    void aQuietSourceIsForgotten()
    {
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            fail(GUESSER, "disp");
        }
        clock.advance(LoginThrottle.FORGET_MS - 1);
        fail(GUESSER, "disp");
        assertThat(throttle.begin(GUESSER, "disp")).as("still counted").isEqualTo(2 * LoginThrottle.FIRST_DELAY_MS);
        clock.advance(LoginThrottle.FORGET_MS);
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            fail(GUESSER, "disp");
        }
        assertThat(throttle.begin(GUESSER, "disp")).as("a fresh count").isEqualTo(LoginThrottle.FIRST_DELAY_MS);
    }

    @Test
    void theStateIsBoundedLeastRecentlyUsedFirst()
    {
        final LoginThrottle small = new LoginThrottle(clock, 3);
        for (int i = 0; i < 1_000; i++)
        {
            small.begin("198.51.100." + (i % 250), "n" + i);
            small.end("198.51.100." + (i % 250), "n" + i, false);
            assertThat(small.tracked()).isLessThanOrEqualTo(6);
        }
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            small.begin(GUESSER, "disp");
            small.end(GUESSER, "disp", false);
        }
        assertThat(small.waitMs(GUESSER, "disp")).isPositive();
    }

    @Test
    void ipv6SourcesCountByTheirSlash64() throws Exception
    {
        assertThat(LoginThrottle.source(InetAddress.getByName("2001:db8:1:2::1")))
            .isEqualTo(LoginThrottle.source(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff")))
            .isEqualTo("2001:db8:1:2::/64");
        assertThat(LoginThrottle.source(InetAddress.getByName("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
        assertThat(LoginThrottle.source(InetAddress.getByName("127.0.0.2"))).isEqualTo("127.0.0.2");
        assertThat(LoginThrottle.source(InetAddress.getByName("::ffff:192.0.2.9"))).isEqualTo("192.0.2.9");
        assertThat(LoginThrottle.source(null)).isEqualTo("unknown");
    }
}
