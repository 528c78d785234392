package org.beacon.console.auth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.concurrent.EpochClock;

/**
 * Slows down password guessing by where the guesses come from, never by the name alone: a name that someone
 * else is guessing from another machine still logs in at once from its own workstation.
 *
 * <p>Two counters, each keyed by a source address: one per (address, name) and one per address for all names.
 * Failures past a free allowance ({@value #NAME_FREE_FAILURES} for one name, {@value #ADDRESS_FREE_FAILURES}
 * for an address) make the key wait before its next attempt: {@value #FIRST_DELAY_MS} ms after the first failure
 * over the allowance, doubling with each further failure up to {@value #MAX_DELAY_MS} ms. An attempt that arrives
 * while its key waits is refused without checking the password (and without hashing: a guesser cannot make the
 * console compute Argon2 for it) and does not count. The per-name allowance catches a guesser on one account
 * sooner; the larger per-address allowance catches one source spraying many names, while several operators
 * behind one address (a terminal server, a NAT) can each still mistype a few times.
 *
 * <p>A success forgets the failures of its (address, name) but not those of the address, so that logging in to
 * one known account cannot wash out guesses at others. A key with no attempt for {@value #FORGET_MS} ms is
 * forgotten. Attempts still being checked count as failures until they end, so parallel guesses cannot get past
 * the allowance. At most {@link #maxTracked()} keys of each kind are kept, the least recently used dropped first.
 *
 * <p>IPv6 sources are counted by their /64 prefix (one host usually has a whole /64 to pick addresses from);
 * IPv4-mapped addresses as the IPv4 address. Decisions read only the injected clock.
 */
public final class LoginThrottle
{
    /** Failed log-ins for one name from one address before its attempts are delayed. */
    public static final int NAME_FREE_FAILURES = 5;
    /** Failed log-ins from one address, all names together, before its attempts are delayed. */
    public static final int ADDRESS_FREE_FAILURES = 20;
    /** The wait after the first failure over an allowance, in ms; it doubles with each further failure. */
    public static final long FIRST_DELAY_MS = 1_000L;
    /** The longest wait, in ms. */
    public static final long MAX_DELAY_MS = 300_000L;
    /** A key with no attempt for this long is forgotten, in ms. */
    public static final long FORGET_MS = 3_600_000L;
    /** Default number of keys of each kind kept. */
    public static final int DEFAULT_MAX_TRACKED = 10_000;

    /** Failures of one key: {@code count} includes attempts in flight; {@code lastMs} is the latest attempt's time. */
    private static final class Failures
    {
        int count;
        long lastMs;
    }

    private final EpochClock clock;
    private final int maxTracked;
    private final Map<String, Failures> byAddress;
    private final Map<String, Failures> byName;

    /**
     * A throttle keeping at most {@value #DEFAULT_MAX_TRACKED} keys of each kind.
     *
     * @param clock wall clock in ms.
     */
    public LoginThrottle(final EpochClock clock)
    {
        this(clock, DEFAULT_MAX_TRACKED);
    }

    /**
     * A throttle with a bound on its state.
     *
     * @param clock      wall clock in ms.
     * @param maxTracked the most addresses, and the most (address, name) pairs, kept; at least 1.
     */
    public LoginThrottle(final EpochClock clock, final int maxTracked)
    {
        if (maxTracked < 1)
        {
            throw new IllegalArgumentException("maxTracked must be at least 1: " + maxTracked);
        }
        this.clock = clock;
        this.maxTracked = maxTracked;
        this.byAddress = lru(maxTracked);
        this.byName = lru(maxTracked);
    }

    /**
     * The key of a source address: the address itself for IPv4, its /64 prefix for IPv6.
     *
     * @param address the peer's address, or null when unknown.
     * @return the key.
     */
    public static String source(final InetAddress address)
    {
        if (address == null)
        {
            return "unknown";
        }
        if (address instanceof Inet6Address)
        {
            final byte[] bytes = address.getAddress();
            final StringBuilder prefix = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2)
            {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        }
        return address instanceof Inet4Address ? address.getHostAddress() : address.toString();
    }

    /**
     * Starts an attempt. When it may go on it counts as a failure until {@link #end} says otherwise, and the
     * caller must call {@link #end} exactly once.
     *
     * @param source a key from {@link #source(InetAddress)}.
     * @param name   the login name, or null when it is not a valid name (then only the address counts).
     * @return 0 when the attempt may go on, else how many ms the source must still wait (at least 1).
     */
    public synchronized long begin(final String source, final String name)
    {
        final long nowMs = clock.time();
        final Failures address = current(byAddress, source, nowMs);
        final Failures pair = null == name ? null : current(byName, pairKey(source, name), nowMs);
        final long waitMs = Math.max(waitMs(address, ADDRESS_FREE_FAILURES, nowMs), waitMs(pair, NAME_FREE_FAILURES, nowMs));
        if (waitMs > 0)
        {
            return waitMs;
        }
        count(byAddress, source, address, nowMs);
        if (null != name)
        {
            count(byName, pairKey(source, name), pair, nowMs);
        }
        return 0;
    }

    /**
     * Ends an attempt {@link #begin} let through.
     *
     * @param source  the same key.
     * @param name    the same name.
     * @param success whether the password was right: its (address, name) failures are forgotten and the attempt does
     *                not count; otherwise it stays counted, and the wait runs from now.
     */
    public synchronized void end(final String source, final String name, final boolean success)
    {
        final long nowMs = clock.time();
        final Failures address = byAddress.get(source);
        if (success)
        {
            if (null != address && address.count > 0)
            {
                address.count--;
            }
            if (null != name)
            {
                byName.remove(pairKey(source, name));
            }
            return;
        }
        if (null != address)
        {
            address.lastMs = nowMs;
        }
        final Failures pair = null == name ? null : byName.get(pairKey(source, name));
        if (null != pair)
        {
            pair.lastMs = nowMs;
        }
    }

    /**
     * How long an attempt from a source for a name would have to wait now, without starting one.
     *
     * @param source a key from {@link #source(InetAddress)}.
     * @param name   the login name, or null.
     * @return 0 when it may go on, else ms.
     */
    public synchronized long waitMs(final String source, final String name)
    {
        final long nowMs = clock.time();
        final Failures address = byAddress.get(source);
        final Failures pair = null == name ? null : byName.get(pairKey(source, name));
        return Math.max(waitMs(address, ADDRESS_FREE_FAILURES, nowMs), waitMs(pair, NAME_FREE_FAILURES, nowMs));
    }

    /** @return the addresses and the (address, name) pairs kept now, together. */
    public synchronized int tracked()
    {
        return byAddress.size() + byName.size();
    }

    /** @return the most keys of each kind kept. */
    public int maxTracked()
    {
        return maxTracked;
    }

    /**
     * The wait a number of counted failures asks for, over an allowance.
     *
     * @param failures counted failures.
     * @param free     the allowance.
     * @return 0 within the allowance, else {@value #FIRST_DELAY_MS} ms doubled per failure over it, capped.
     */
    public static long delayMs(final int failures, final int free)
    {
        if (failures < free)
        {
            return 0;
        }
        final int doublings = failures - free;
        return doublings >= 30 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << doublings);
    }

    private static long waitMs(final Failures failures, final int free, final long nowMs)
    {
        if (null == failures)
        {
            return 0;
        }
        final long until = failures.lastMs + delayMs(failures.count, free);
        return until > nowMs ? until - nowMs : 0;
    }

    private static Failures current(final Map<String, Failures> map, final String key, final long nowMs)
    {
        final Failures failures = map.get(key);
        if (null != failures && failures.lastMs + FORGET_MS <= nowMs)
        {
            map.remove(key);
            return null;
        }
        return failures;
    }

    private static void count(final Map<String, Failures> map, final String key, final Failures existing, final long nowMs)
    {
        final Failures failures = null != existing ? existing : new Failures();
        failures.count++;
        failures.lastMs = nowMs;
        if (null == existing)
        {
            map.put(key, failures);
        }
    }

    private static String pairKey(final String source, final String name)
    {
        return source + ' ' + name;
    }

    private static Map<String, Failures> lru(final int maxTracked)
    {
        return new LinkedHashMap<>(16, 0.75f, true)
        {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Failures> eldest)
            {
                return size() > maxTracked;
            }
        };
    }
}
