package org.beacon.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.agrona.concurrent.CachedEpochClock;
import org.beacon.console.auth.Sessions.Session;
import org.junit.jupiter.api.Test;

class SessionsTest
{
    private static final User ALICE = new User("alice", Role.DISPATCHER, 101, true);
    private static final User BOB = new User("bob", Role.TRAFFIC, 201, true);
    private static final long START_MS = 1_700_000_000_000L;

    private final CachedEpochClock clock = new CachedEpochClock();

    SessionsTest()
    {
        clock.update(START_MS);
    }

    @Test
    void defaults()
    {
        assertThat(Sessions.DEFAULT_IDLE_TIMEOUT_MS).isEqualTo(15 * 60 * 1000L);
        assertThat(Sessions.DEFAULT_ABSOLUTE_TIMEOUT_MS).isEqualTo(12 * 60 * 60 * 1000L);
        final Sessions sessions = new Sessions(clock, Sessions.DEFAULT_IDLE_TIMEOUT_MS, Sessions.DEFAULT_ABSOLUTE_TIMEOUT_MS);
        assertThat(sessions.idleTimeoutMs()).isEqualTo(Sessions.DEFAULT_IDLE_TIMEOUT_MS);
        assertThat(sessions.absoluteTimeoutMs()).isEqualTo(Sessions.DEFAULT_ABSOLUTE_TIMEOUT_MS);
    }

    @Test
    void rejectsNonPositiveTimeouts()
    {
        assertThatThrownBy(() -> new Sessions(clock, 0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sessions(clock, 1000, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsSessionsWithRandomUrlSafeTokens()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++)
        {
            final Session session = sessions.create(ALICE);
            assertThat(session.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(session.csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(session.token());
            assertThat(session.user()).isEqualTo(ALICE);
            assertThat(session.createdMs()).isEqualTo(START_MS);
            assertThat(session.lastSeenMs()).isEqualTo(START_MS);
            assertThat(tokens.add(session.token())).isTrue();
            assertThat(tokens.add(session.csrf())).isTrue();
        }
        assertThat(sessions.size()).isEqualTo(50);
    }

    @Test
    void lookupFindsAndTouches()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final Session created = sessions.create(ALICE);
        clock.advance(400);
        final Optional<Session> found = sessions.lookup(created.token());
        assertThat(found).isPresent();
        assertThat(found.get().token()).isEqualTo(created.token());
        assertThat(found.get().csrf()).isEqualTo(created.csrf());
        assertThat(found.get().createdMs()).isEqualTo(START_MS);
        assertThat(found.get().lastSeenMs()).isEqualTo(START_MS + 400);

        assertThat(sessions.lookup("no-such-token")).isEmpty();
        assertThat(sessions.lookup(null)).isEmpty();
    }

    @Test
    void idleExpiryAndTouchExtendsIt()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final String token = sessions.create(ALICE).token();
        clock.advance(999);
        assertThat(sessions.lookup(token)).isPresent();
        clock.advance(999);
        assertThat(sessions.lookup(token)).as("the previous lookup extended the idle time").isPresent();
        clock.advance(1000);
        assertThat(sessions.lookup(token)).isEmpty();
        assertThat(sessions.size()).isZero();
        clock.advance(-5000);
        assertThat(sessions.lookup(token)).as("an expired session is gone for good").isEmpty();
    }

    @Test
    void absoluteExpiryEvenWhenBusy()
    {
        final Sessions sessions = new Sessions(clock, 1000, 2500);
        final String token = sessions.create(ALICE).token();
        clock.advance(900);
        assertThat(sessions.lookup(token)).isPresent();
        clock.advance(900);
        assertThat(sessions.lookup(token)).isPresent();
        clock.advance(699);
        assertThat(sessions.lookup(token)).isPresent();
        clock.advance(1);
        assertThat(sessions.lookup(token)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void removeEndsOneSession()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final Session one = sessions.create(ALICE);
        final Session two = sessions.create(ALICE);
        sessions.remove(one.token());
        sessions.remove(null);
        sessions.remove("no-such-token");
        assertThat(sessions.lookup(one.token())).isEmpty();
        assertThat(sessions.lookup(two.token())).isPresent();
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void removeUserEndsAllTheirSessions()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final Session alice1 = sessions.create(ALICE);
        final Session alice2 = sessions.create(ALICE);
        final Session bob = sessions.create(BOB);
        assertThat(sessions.removeUser("alice")).isEqualTo(2);
        assertThat(sessions.lookup(alice1.token())).isEmpty();
        assertThat(sessions.lookup(alice2.token())).isEmpty();
        assertThat(sessions.lookup(bob.token())).isPresent();
        assertThat(sessions.removeUser("alice")).isZero();
        assertThat(sessions.removeUser("carol")).isZero();
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void expireSweepsOnlyExpiredSessions()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final Session idle = sessions.create(ALICE);
        final Session busy = sessions.create(BOB);
        clock.advance(600);
        sessions.lookup(busy.token());
        clock.advance(600);
        sessions.expire();
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(sessions.lookup(busy.token())).isPresent();
        assertThat(sessions.lookup(idle.token())).isEmpty();
    }

    @Test
    void csrfComparison()
    {
        final Sessions sessions = new Sessions(clock, 1000, 10_000);
        final Session session = sessions.create(ALICE);
        final Session other = sessions.create(ALICE);
        assertThat(Sessions.csrfMatches(session, session.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(session, new String(session.csrf().toCharArray()))).isTrue();
        assertThat(Sessions.csrfMatches(session, other.csrf())).isFalse();
        assertThat(Sessions.csrfMatches(session, session.token())).isFalse();
        assertThat(Sessions.csrfMatches(session, session.csrf().substring(1))).isFalse();
        assertThat(Sessions.csrfMatches(session, session.csrf() + "x")).isFalse();
        assertThat(Sessions.csrfMatches(session, "")).isFalse();
        assertThat(Sessions.csrfMatches(session, null)).isFalse();
        assertThat(Sessions.csrfMatches(null, session.csrf())).isFalse();
    }

    @Test
    void toStringHidesTheTokens()
    {
        final Session session = new Sessions(clock, 1000, 10_000).create(ALICE);
        assertThat(session.toString()).contains("alice").doesNotContain(session.token()).doesNotContain(session.csrf());
    }
}
