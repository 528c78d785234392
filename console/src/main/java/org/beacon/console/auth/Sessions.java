package org.beacon.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.EpochClock;

/**
 * The console's logged-in sessions, in memory (a restart logs everyone out). A session ends when it has not
 * been used for the idle timeout or, however busy, when it reaches the absolute timeout. Thread-safe.
 */
public final class Sessions
{
    /** Default idle timeout: 15 minutes. */
    public static final long DEFAULT_IDLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(15);
    /** Default absolute timeout: 12 hours. */
    public static final long DEFAULT_ABSOLUTE_TIMEOUT_MS = TimeUnit.HOURS.toMillis(12);
    /** Random bytes in a session token and in a CSRF token. */
    public static final int TOKEN_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * One logged-in session.
     *
     * @param token      the session cookie's value (32 random bytes, base64url without padding).
     * @param csrf       the value the {@code X-Beacon-Csrf} header must carry on POSTs (the same kind of token).
     * @param user       who is logged in.
     * @param createdMs  when the session was created (ms since the epoch).
     * @param lastSeenMs when the session was last used (ms since the epoch).
     */
    public record Session(String token, String csrf, User user, long createdMs, long lastSeenMs)
    {
        /**
         * Leaves the tokens out, so a session written to a log cannot be taken over.
         *
         * @return the user and times.
         */
        @Override
        public String toString()
        {
            return "Session[user=" + user + ", createdMs=" + createdMs + ", lastSeenMs=" + lastSeenMs + "]";
        }
    }

    private final EpochClock clock;
    private final long idleTimeoutMs;
    private final long absoluteTimeoutMs;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * Creates an empty set of sessions.
     *
     * @param clock             wall clock in ms.
     * @param idleTimeoutMs     a session unused for this long has expired.
     * @param absoluteTimeoutMs a session this old has expired, however busy.
     */
    public Sessions(final EpochClock clock, final long idleTimeoutMs, final long absoluteTimeoutMs)
    {
        if (idleTimeoutMs <= 0 || absoluteTimeoutMs <= 0)
        {
            throw new IllegalArgumentException(
                "timeouts must be positive: idle " + idleTimeoutMs + " ms, absolute " + absoluteTimeoutMs + " ms");
        }
        this.clock = clock;
        this.idleTimeoutMs = idleTimeoutMs;
        this.absoluteTimeoutMs = absoluteTimeoutMs;
    }

    /**
     * The idle timeout.
     *
     * @return ms.
     */
    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    /**
     * The absolute timeout.
     *
     * @return ms.
     */
    public long absoluteTimeoutMs()
    {
        return absoluteTimeoutMs;
    }

    /**
     * Starts a session for a user who has just logged in.
     *
     * @param user the user.
     * @return the new session, with fresh random session and CSRF tokens.
     */
    public Session create(final User user)
    {
        if (user == null)
        {
            throw new IllegalArgumentException("user is required");
        }
        final long nowMs = clock.time();
        while (true)
        {
            final Session session = new Session(randomToken(), randomToken(), user, nowMs, nowMs);
            if (sessions.putIfAbsent(session.token(), session) == null)
            {
                return session;
            }
        }
    }

    /**
     * Finds a session by its token and marks it used now. An expired session is removed.
     *
     * @param token the session cookie's value (may be null).
     * @return the session with {@code lastSeenMs} updated, or empty when unknown or expired.
     */
    public Optional<Session> lookup(final String token)
    {
        if (token == null)
        {
            return Optional.empty();
        }
        final long nowMs = clock.time();
        final Session found = sessions.computeIfPresent(token, (key, s) -> expired(s, nowMs) ?
            null : new Session(s.token(), s.csrf(), s.user(), s.createdMs(), Math.max(s.lastSeenMs(), nowMs)));
        return Optional.ofNullable(found);
    }

    /**
     * Ends a session (logout).
     *
     * @param token the session cookie's value (may be null).
     */
    public void remove(final String token)
    {
        if (token != null)
        {
            sessions.remove(token);
        }
    }

    /**
     * Ends every session of a user, e.g. when an administrator disables the account.
     *
     * @param name the user's login name.
     * @return how many sessions were ended.
     */
    public int removeUser(final String name)
    {
        int removed = 0;
        for (final Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry<String, Session> entry = it.next();
            if (entry.getValue().user().name().equals(name) && sessions.remove(entry.getKey(), entry.getValue()))
            {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Number of sessions held, expired ones not yet swept included.
     *
     * @return the count.
     */
    public int size()
    {
        return sessions.size();
    }

    /**
     * Removes every expired session; call it now and then so abandoned sessions do not pile up.
     */
    public void expire()
    {
        final long nowMs = clock.time();
        for (final String token : sessions.keySet())
        {
            sessions.computeIfPresent(token, (key, s) -> expired(s, nowMs) ? null : s);
        }
    }

    /**
     * Whether a request's CSRF header matches its session, compared in constant time.
     *
     * @param session the request's session (may be null).
     * @param header  the {@code X-Beacon-Csrf} header's value (may be null).
     * @return true only when both are present and equal.
     */
    public static boolean csrfMatches(final Session session, final String header)
    {
        if (session == null || session.csrf() == null || header == null)
        {
            return false;
        }
        return MessageDigest.isEqual(
            session.csrf().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    private boolean expired(final Session session, final long nowMs)
    {
        return nowMs - session.lastSeenMs() >= idleTimeoutMs || nowMs - session.createdMs() >= absoluteTimeoutMs;
    }

    private static String randomToken()
    {
        final byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }
}
