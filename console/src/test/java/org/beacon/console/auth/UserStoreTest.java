package org.beacon.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Argon2 computation costs tens to hundreds of ms, so these tests count their hashes: a put is one, an
 * authenticate or a log-in that is not throttled is one.
 */
class UserStoreTest
{
    private static final String PASSWORD = "correct horse battery";
    private static final String OTHER_PASSWORD = "Tr0ub4dor&3-x";

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();

    UserStoreTest()
    {
        clock.update(1_700_000_000_000L);
    }

    private Path file()
    {
        return dir.resolve("users.tsv");
    }

    @Test
    void hashesWithArgon2idAndVerifies() throws IOException
    {
        final UserStore store = new UserStore(file(), clock);
        assertThat(store.isEmpty()).isTrue();
        store.put("d1", Role.DISPATCHER, 101, PASSWORD.toCharArray());

        final String text = Files.readString(file(), StandardCharsets.UTF_8);
        final String line = text.lines().filter((l) -> l.startsWith("d1\t")).findFirst().orElseThrow();
        assertThat(line).startsWith("d1\tdispatcher\t101\t1\t$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("correct");

        assertThat(store.isEmpty()).isFalse();
        assertThat(store.authenticate("d1", PASSWORD.toCharArray())).contains(new User("d1", Role.DISPATCHER, 101, true));
        assertThat(store.user("d1")).contains(new User("d1", Role.DISPATCHER, 101, true));
        assertThat(store.user("nobody")).isEmpty();
    }

    @Test
    void refusesWrongPasswordsUnknownAndDisabledUsers()
    {
        final UserStore store = new UserStore(file(), clock);
        store.put("t1", Role.TRAFFIC, 201, PASSWORD.toCharArray());

        assertThat(store.authenticate("t1", OTHER_PASSWORD.toCharArray())).isEmpty();
        assertThat(store.authenticate("ghost", PASSWORD.toCharArray())).isEmpty();
        assertThat(store.authenticate("NOT A NAME", PASSWORD.toCharArray())).isEmpty();
        assertThat(store.authenticate(null, null)).isEmpty();

        store.setEnabled("t1", false);
        assertThat(store.user("t1").orElseThrow().enabled()).isFalse();
        assertThat(store.authenticate("t1", PASSWORD.toCharArray())).isEmpty();

        store.setEnabled("t1", true);
        assertThat(store.authenticate("t1", PASSWORD.toCharArray())).map(User::name).contains("t1");
        assertThatThrownBy(() -> store.setEnabled("ghost", false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown user 'ghost'");
    }

    @Test
    void guessingANameFromOneAddressNeverKeepsItsUserOutElsewhere()
    {
        final UserStore store = new UserStore(file(), clock);
        store.put("a1", Role.AUDITOR, 301, PASSWORD.toCharArray());
        final String attacker = "203.0.113.7";
        final String workstation = "10.1.2.3";

        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            final UserStore.LoginResult guess = store.logIn(attacker, "a1", OTHER_PASSWORD.toCharArray());
            assertThat(guess.succeeded()).isFalse();
            assertThat(guess.throttled()).isFalse();
        }
        // the guesser waits, even with the right password, and the refusal checks no password
        final UserStore.LoginResult refused = store.logIn(attacker, "a1", PASSWORD.toCharArray());
        assertThat(refused.throttled()).isTrue();
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(LoginThrottle.FIRST_DELAY_MS);
        // an unknown name is counted the same way: the wait does not tell which names exist
        assertThat(store.logIn(attacker, "ghost", PASSWORD.toCharArray()).retryAfterMs()).isZero();

        // the operator at their own workstation logs in at once, also after a typo of their own
        assertThat(store.logIn(workstation, "a1", OTHER_PASSWORD.toCharArray()).throttled()).isFalse();
        assertThat(store.logIn(workstation, "a1", PASSWORD.toCharArray()).user()).isEqualTo(new User("a1", Role.AUDITOR, 301, true));

        clock.advance(LoginThrottle.FIRST_DELAY_MS);
        assertThat(store.logIn(attacker, "a1", OTHER_PASSWORD.toCharArray()).throttled()).isFalse();
        assertThat(store.logIn(attacker, "a1", PASSWORD.toCharArray()).retryAfterMs()).isEqualTo(2 * LoginThrottle.FIRST_DELAY_MS);
    }

    @Test
    void aSuccessForgetsTheNamesFailuresFromThatAddress()
    {
        final UserStore store = new UserStore(file(), clock);
        store.put("a1", Role.AUDITOR, 301, PASSWORD.toCharArray());
        final String source = "10.1.2.3";

        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES - 1; i++)
        {
            assertThat(store.logIn(source, "a1", OTHER_PASSWORD.toCharArray()).succeeded()).isFalse();
        }
        assertThat(store.logIn(source, "a1", PASSWORD.toCharArray()).succeeded()).isTrue();
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES - 1; i++)
        {
            assertThat(store.logIn(source, "a1", OTHER_PASSWORD.toCharArray()).throttled()).isFalse();
        }
        assertThat(store.logIn(source, "a1", PASSWORD.toCharArray()).succeeded()).isTrue();
    }

    @Test
    void theLastEnabledAdminCanBeNeitherDisabledNorDemoted()
    {
        final UserStore store = new UserStore(file(), clock);
        store.put("root", Role.ADMIN, 901, PASSWORD.toCharArray());
        store.put("d1", Role.DISPATCHER, 101, PASSWORD.toCharArray());

        assertThatThrownBy(() -> store.setEnabled("root", false))
            .isInstanceOf(UserStore.LastAdminException.class)
            .hasMessageContaining("'root' is the last enabled admin");
        assertThatThrownBy(() -> store.put("root", Role.DISPATCHER, 901, PASSWORD.toCharArray()))
            .isInstanceOf(UserStore.LastAdminException.class)
            .hasMessageContaining("'root' is the last enabled admin");
        assertThat(store.user("root")).contains(new User("root", Role.ADMIN, 901, true));

        // a disabled admin does not count; an enabled second one does
        store.put("spare", Role.ADMIN, 902, PASSWORD.toCharArray());
        store.setEnabled("spare", false);
        assertThatThrownBy(() -> store.setEnabled("root", false)).isInstanceOf(UserStore.LastAdminException.class);
        store.setEnabled("spare", true);
        store.setEnabled("root", false);
        assertThat(store.user("root").orElseThrow().enabled()).isFalse();
        assertThatThrownBy(() -> store.put("spare", Role.TRAFFIC, 902, PASSWORD.toCharArray()))
            .isInstanceOf(UserStore.LastAdminException.class);
        // a disabled admin may be given another role, and the last admin a new password
        store.put("root", Role.AUDITOR, 901, OTHER_PASSWORD.toCharArray());
        store.put("spare", Role.ADMIN, 902, OTHER_PASSWORD.toCharArray());
        assertThat(store.users()).contains(new User("root", Role.AUDITOR, 901, false), new User("spare", Role.ADMIN, 902, true));
    }

    @Test
    void reloadsTheSameUsersFromDisk()
    {
        final UserStore store = new UserStore(file(), clock);
        store.put("zed", Role.ADMIN, 901, PASSWORD.toCharArray());
        store.put("amy", Role.DISPATCHER, 102, OTHER_PASSWORD.toCharArray());
        store.put("bob", Role.TRAFFIC, 201, OTHER_PASSWORD.toCharArray());
        store.setEnabled("bob", false);

        final UserStore reloaded = new UserStore(file(), clock);
        assertThat(reloaded.users()).containsExactly(
            new User("amy", Role.DISPATCHER, 102, true),
            new User("bob", Role.TRAFFIC, 201, false),
            new User("zed", Role.ADMIN, 901, true));
        assertThat(reloaded.users()).isEqualTo(store.users());
        assertThat(reloaded.authenticate("amy", OTHER_PASSWORD.toCharArray())).isPresent();
    }

    @Test
    void operatorIdsAreUnique()
    {
        final UserStore store = new UserStore(file(), clock);
        store.put("d1", Role.DISPATCHER, 101, PASSWORD.toCharArray());

        assertThatThrownBy(() -> store.put("d2", Role.DISPATCHER, 101, PASSWORD.toCharArray()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("operator id 101 is already used by user 'd1'");
        assertThat(store.user("d2")).isEmpty();

        // resetting an account may keep its own id, and changes its role
        store.put("d1", Role.TRAFFIC, 101, OTHER_PASSWORD.toCharArray());
        assertThat(store.users()).containsExactly(new User("d1", Role.TRAFFIC, 101, true));
    }

    @Test
    void rejectsBadInputWithReasons()
    {
        final UserStore store = new UserStore(file(), clock);
        final char[] good = PASSWORD.toCharArray();
        for (final String name : new String[] {"", "Bob", "a b", "bob@x", "x".repeat(33), "d1\t", null})
        {
            assertThatThrownBy(() -> store.put(name, Role.DISPATCHER, 101, good))
                .as("name %s", name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user name must be 1 to 32 characters");
        }
        assertThatThrownBy(() -> store.put("d1", Role.DISPATCHER, 101, "too-short".toCharArray()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> store.put("d1", Role.DISPATCHER, 101, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> store.put("d1", Role.DISPATCHER, 0, good))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("operator id 0 is out of range");
        assertThatThrownBy(() -> store.put("d1", Role.DISPATCHER, 2_000_000_001, good))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("out of range");
        assertThatThrownBy(() -> store.put("d1", null, 101, good))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("role");

        assertThat(store.isEmpty()).isTrue();
        assertThat(file()).doesNotExist();
    }

    @Test
    void writesTheFileForItsOwnerOnly() throws IOException
    {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        final UserStore store = new UserStore(file(), clock);
        store.put("d1", Role.DISPATCHER, 101, PASSWORD.toCharArray());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        try (var files = Files.list(dir))
        {
            assertThat(files.map((p) -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("users.tsv");
        }
    }

    @Test
    void createsDemoUsersOnceOnly()
    {
        final Map<String, String> printed = new LinkedHashMap<>();
        final List<User> printedUsers = new ArrayList<>();
        final UserStore store = UserStore.withDemoUsers(file(), clock, (user, password) ->
        {
            printedUsers.add(user);
            printed.put(user.name(), password);
        });

        assertThat(printedUsers).containsExactly(
            new User("dispatcher", Role.DISPATCHER, 101, true),
            new User("traffic", Role.TRAFFIC, 201, true),
            new User("auditor", Role.AUDITOR, 301, true),
            new User("admin", Role.ADMIN, 901, true));
        assertThat(printed.values()).allSatisfy((p) -> assertThat(p).matches("[A-Za-z0-9]{16}"));
        assertThat(printed.values()).doesNotHaveDuplicates();
        assertThat(store.users()).extracting(User::name).containsExactly("admin", "auditor", "dispatcher", "traffic");

        final List<User> again = new ArrayList<>();
        final UserStore reopened = UserStore.withDemoUsers(file(), clock, (user, password) -> again.add(user));
        assertThat(again).isEmpty();
        assertThat(reopened.users()).isEqualTo(store.users());
        assertThat(reopened.authenticate("traffic", printed.get("traffic").toCharArray())).isPresent();
    }

    @Test
    void rejectsAMalformedFileWithTheLineNumber() throws IOException
    {
        Files.writeString(file(), "# accounts\nd1\tpolice\t101\t1\t$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\n");
        assertThatThrownBy(() -> new UserStore(file(), clock))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 2")
            .hasMessageContaining("unknown role 'police'");

        Files.writeString(file(), "d1\tdispatcher\t101\t1\tplaintext-password\n");
        assertThatThrownBy(() -> new UserStore(file(), clock))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 1")
            .hasMessageContaining("not an encoded Argon2id hash");

        final String hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
        Files.writeString(file(), "d1\tdispatcher\t101\t1\t" + hash + "\nd2\ttraffic\t101\t1\t" + hash + "\n");
        assertThatThrownBy(() -> new UserStore(file(), clock))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("operator id 101 is also used");
    }

    @Test
    void loadsCommentsAndBlankLines() throws IOException
    {
        final String hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
        Files.writeString(file(), "# a comment\n\n   \nd1\tdispatcher\t101\t0\t" + hash + "\n");
        final UserStore store = new UserStore(file(), clock);
        assertThat(store.users()).containsExactly(new User("d1", Role.DISPATCHER, 101, false));
    }
}
