package org.beacon.console.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.SecureString;
import com.password4j.types.Argon2;
import org.agrona.concurrent.EpochClock;

/**
 * The console's accounts, kept in a text file with one account a line (UTF-8, {@code #} starts a comment):
 *
 * <pre>
 *  name &lt;TAB&gt; role &lt;TAB&gt; operatorId &lt;TAB&gt; enabled (1|0) &lt;TAB&gt; $argon2id$v=19$m=19456,t=2,p=1$salt$hash
 * </pre>
 *
 * <p>Passwords are hashed with Argon2id (password4j) at the OWASP minimum: 19 MiB of memory, 2 iterations,
 * parallelism 1, a 16-byte random salt and a 32-byte hash. The standard encoded string is stored, so a
 * verification reads its parameters from the string and older hashes keep working when the parameters rise.
 *
 * <p>The file is rewritten whole on every change (temporary file, forced to disk, then moved over the old
 * one), readable by its owner only where the file system has POSIX permissions. Reads are lock-free over an
 * immutable copy of the accounts; changes are serialized.
 *
 * <p>Log-ins are throttled by where they come from ({@link LoginThrottle}: growing waits per source address and
 * per (address, name)), never by the name alone, so that nobody can keep an operator out by guessing at their
 * name from elsewhere. A refused attempt costs no hash; an attempt that is checked costs one Argon2 computation
 * whether or not the name exists, so neither the answer nor its time tells which names exist.
 *
 * <p>The last enabled admin can be neither disabled nor given another role ({@link LastAdminException}): accounts
 * could then no longer be managed from the console.
 */
public final class UserStore
{
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 10;
    /** Longest password accepted (a bound on the work one request can ask for). */
    public static final int MAX_PASSWORD_LENGTH = 1024;
    /** Smallest operator id. */
    public static final int MIN_OPERATOR_ID = 1;
    /** Largest operator id. */
    public static final int MAX_OPERATOR_ID = 2_000_000_000;
    /** Argon2 memory in KiB (19 MiB). */
    public static final int ARGON2_MEMORY_KIB = 19_456;
    /** Argon2 iterations. */
    public static final int ARGON2_ITERATIONS = 2;
    /** Argon2 parallelism. */
    public static final int ARGON2_PARALLELISM = 1;
    /** Argon2 hash length in bytes. */
    public static final int ARGON2_HASH_LENGTH = 32;
    /** Salt length in bytes. */
    public static final int SALT_LENGTH = 16;
    /** Length of the demo users' generated passwords. */
    public static final int DEMO_PASSWORD_LENGTH = 16;

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,32}");
    private static final String HASH_PREFIX = "$argon2id$";
    private static final String HEADER =
        "# Beacon console accounts: name<TAB>role<TAB>operatorId<TAB>enabled(1/0)<TAB>argon2id hash\n";
    private static final char[] ALPHANUMERIC =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(
        ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM, ARGON2_HASH_LENGTH, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Account(User user, String hash)
    {
    }

    /**
     * What a log-in attempt came to.
     *
     * @param user         the user when the password was right and the account enabled, else null.
     * @param retryAfterMs when positive, the attempt was not checked: its source must wait this many ms.
     */
    public record LoginResult(User user, long retryAfterMs)
    {
        /** @return whether the user is logged in. */
        public boolean succeeded()
        {
            return null != user;
        }

        /** @return whether the attempt was refused unchecked because its source must wait. */
        public boolean throttled()
        {
            return retryAfterMs > 0;
        }
    }

    /** A change refused because it would leave no enabled admin. */
    public static final class LastAdminException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        LastAdminException(final String message)
        {
            super(message);
        }
    }

    private final Path file;
    private final LoginThrottle throttle;
    private volatile Map<String, Account> accounts;

    /**
     * Opens a store, loading the file when it exists (it is created on the first {@link #put}).
     *
     * @param file  the users file.
     * @param clock wall clock in ms, for the log-in throttle.
     * @throws IllegalArgumentException when the file has a malformed line (its number and the reason are given).
     * @throws UncheckedIOException     when the file cannot be read.
     */
    public UserStore(final Path file, final EpochClock clock)
    {
        this.file = file;
        this.throttle = new LoginThrottle(clock);
        this.accounts = Files.exists(file) ? load(file) : Collections.emptyMap();
    }

    /**
     * Opens a store and, when it has no users, creates the four demo users {@code dispatcher} (101),
     * {@code traffic} (201), {@code auditor} (301) and {@code admin} (901), each with a fresh random password of
     * {@value #DEMO_PASSWORD_LENGTH} letters and digits that is handed to {@code printer} once and never stored.
     *
     * @param file    the users file.
     * @param clock   wall clock in ms.
     * @param printer receives each created user and its password; not called when the file already had users.
     * @return the store.
     */
    public static UserStore withDemoUsers(final Path file, final EpochClock clock, final BiConsumer<User, String> printer)
    {
        final UserStore store = new UserStore(file, clock);
        synchronized (store)
        {
            if (store.isEmpty())
            {
                store.createDemoUser("dispatcher", Role.DISPATCHER, 101, printer);
                store.createDemoUser("traffic", Role.TRAFFIC, 201, printer);
                store.createDemoUser("auditor", Role.AUDITOR, 301, printer);
                store.createDemoUser("admin", Role.ADMIN, 901, printer);
            }
        }
        return store;
    }

    /**
     * Adds an account, or resets an existing one's role, operator id and password (an existing account keeps
     * its enabled flag; a new one is enabled). The caller keeps ownership of {@code password} and may clear it
     * afterwards.
     *
     * @param name       login name, {@code [a-z0-9._-]{1,32}}.
     * @param role       role.
     * @param operatorId 1..2,000,000,000, not used by another user.
     * @param password   at least {@value #MIN_PASSWORD_LENGTH} characters.
     * @throws IllegalArgumentException with a reason a person can read when any of these is invalid.
     * @throws LastAdminException       when it would give the last enabled admin another role.
     * @throws UncheckedIOException     when the file cannot be written (nothing changes then).
     */
    public synchronized void put(final String name, final Role role, final int operatorId, final char[] password)
    {
        validateName(name);
        if (role == null)
        {
            throw new IllegalArgumentException("role is required");
        }
        if (operatorId < MIN_OPERATOR_ID || operatorId > MAX_OPERATOR_ID)
        {
            throw new IllegalArgumentException(
                "operator id " + operatorId + " is out of range (" + MIN_OPERATOR_ID + ".." + MAX_OPERATOR_ID + ")");
        }
        final Map<String, Account> current = accounts;
        for (final Account other : current.values())
        {
            if (other.user().operatorId() == operatorId && !other.user().name().equals(name))
            {
                throw new IllegalArgumentException(
                    "operator id " + operatorId + " is already used by user '" + other.user().name() + "'");
            }
        }
        if (password == null || password.length < MIN_PASSWORD_LENGTH)
        {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH)
        {
            throw new IllegalArgumentException("password must have at most " + MAX_PASSWORD_LENGTH + " characters");
        }

        final Account existing = current.get(name);
        if (null != existing && role != Role.ADMIN && isLastEnabledAdmin(current, existing.user()))
        {
            throw new LastAdminException("'" + name + "' is the last enabled admin and must stay admin; " +
                "make another account admin first");
        }
        final boolean enabled = existing == null || existing.user().enabled();
        final Account account = new Account(new User(name, role, operatorId, enabled), hash(password));
        final Map<String, Account> next = new TreeMap<>(current);
        next.put(name, account);
        replace(next);
    }

    /**
     * Enables or disables an account. A disabled account cannot log in; dropping its open sessions is the
     * caller's job ({@link Sessions#removeUser(String)}).
     *
     * @param name    login name.
     * @param enabled the new flag.
     * @throws IllegalArgumentException when there is no such user.
     * @throws LastAdminException       when it would disable the last enabled admin.
     * @throws UncheckedIOException     when the file cannot be written (nothing changes then).
     */
    public synchronized void setEnabled(final String name, final boolean enabled)
    {
        final Map<String, Account> current = accounts;
        final Account account = name == null ? null : current.get(name);
        if (account == null)
        {
            throw new IllegalArgumentException("unknown user '" + name + "'");
        }
        if (account.user().enabled() == enabled)
        {
            return;
        }
        if (!enabled && isLastEnabledAdmin(current, account.user()))
        {
            throw new LastAdminException("'" + name + "' is the last enabled admin and cannot be disabled; " +
                "enable or create another admin first");
        }
        final User user = account.user();
        final Map<String, Account> next = new TreeMap<>(current);
        next.put(name, new Account(new User(user.name(), user.role(), user.operatorId(), enabled), account.hash()));
        replace(next);
    }

    /**
     * A log-in attempt from a source address, throttled by {@link LoginThrottle}: while the source (or the source
     * for this name) must wait, the attempt is refused without checking the password. Otherwise it is checked as
     * {@link #authenticate(String, char[])} does. The caller keeps ownership of {@code password}.
     *
     * @param source   the source's key, {@link LoginThrottle#source(java.net.InetAddress)} of the peer's address.
     * @param name     login name.
     * @param password the password typed.
     * @return the user, or no user, or the wait.
     */
    public LoginResult logIn(final String source, final String name, final char[] password)
    {
        final String counted = name != null && NAME.matcher(name).matches() ? name : null;
        final long waitMs = throttle.begin(source, counted);
        if (waitMs > 0)
        {
            return new LoginResult(null, waitMs);
        }
        Optional<User> user = Optional.empty();
        try
        {
            user = authenticate(name, password);
        }
        finally
        {
            throttle.end(source, counted, user.isPresent());
        }
        return new LoginResult(user.orElse(null), 0);
    }

    /**
     * Checks a password without any throttling (the console logs in through {@link #logIn}). Unknown names, wrong
     * passwords and disabled accounts all give the same empty answer and cost about the same time (one Argon2
     * computation). The caller keeps ownership of {@code password}.
     *
     * @param name     login name.
     * @param password the password typed.
     * @return the user when the password is right and the account enabled.
     */
    Optional<User> authenticate(final String name, final char[] password)
    {
        final boolean valid = name != null && NAME.matcher(name).matches();
        final Account account = valid ? accounts.get(name) : null;
        final String hash = account == null ? DummyHash.HASH : account.hash();
        final boolean matches = verify(password, hash);
        return matches && account != null && account.user().enabled() ? Optional.of(account.user()) : Optional.empty();
    }

    /** @return the log-in throttle. */
    public LoginThrottle throttle()
    {
        return throttle;
    }

    /**
     * All accounts.
     *
     * @return the users sorted by name.
     */
    public List<User> users()
    {
        final Map<String, Account> current = accounts;
        final List<User> users = new ArrayList<>(current.size());
        for (final Account account : current.values())
        {
            users.add(account.user());
        }
        return Collections.unmodifiableList(users);
    }

    /**
     * One account.
     *
     * @param name login name.
     * @return the user, or empty when there is none with that name.
     */
    public Optional<User> user(final String name)
    {
        final Account account = name == null ? null : accounts.get(name);
        return account == null ? Optional.empty() : Optional.of(account.user());
    }

    /**
     * Whether there are no accounts at all.
     *
     * @return true when empty.
     */
    public boolean isEmpty()
    {
        return accounts.isEmpty();
    }

    /**
     * The users file.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * A fresh random password of letters and digits (SecureRandom), as the bootstrap accounts get.
     *
     * @param length its length.
     * @return the password; the caller clears it when done.
     */
    public static char[] randomPassword(final int length)
    {
        final char[] password = new char[length];
        for (int i = 0; i < password.length; i++)
        {
            password[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return password;
    }

    private void createDemoUser(final String name, final Role role, final int operatorId, final BiConsumer<User, String> printer)
    {
        final char[] password = randomPassword(DEMO_PASSWORD_LENGTH);
        put(name, role, operatorId, password);
        printer.accept(accounts.get(name).user(), new String(password));
        Arrays.fill(password, '\0');
    }

    private static boolean isLastEnabledAdmin(final Map<String, Account> current, final User user)
    {
        if (user.role() != Role.ADMIN || !user.enabled())
        {
            return false;
        }
        for (final Account other : current.values())
        {
            final User o = other.user();
            if (o.role() == Role.ADMIN && o.enabled() && !o.name().equals(user.name()))
            {
                return false;
            }
        }
        return true;
    }

    private static void validateName(final String name)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException(
                "user name must be 1 to 32 characters of a-z, 0-9, '.', '_' or '-' (got '" + name + "')");
        }
    }

    private static String hash(final char[] password)
    {
        final byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        final SecureString secret = new SecureString(password);
        try
        {
            return Password.hash(secret).addSalt(salt).with(ARGON2).getResult();
        }
        finally
        {
            secret.clear();
        }
    }

    private static boolean verify(final char[] password, final String hash)
    {
        final SecureString secret = new SecureString(password == null ? new char[0] : password);
        try
        {
            return Password.check(secret, hash).with(Argon2Function.getInstanceFromHash(hash));
        }
        catch (final RuntimeException ex)
        {
            return false;   // a hash that does not parse matches nothing
        }
        finally
        {
            secret.clear();
        }
    }

    private void replace(final Map<String, Account> next)
    {
        write(next);
        accounts = Collections.unmodifiableMap(next);
    }

    private static Map<String, Account> load(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read users file " + file, ex);
        }
        final Map<String, Account> loaded = new TreeMap<>();
        final Map<Integer, String> operatorIds = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final Account account = parse(line, file, i + 1);
            final User user = account.user();
            if (loaded.containsKey(user.name()))
            {
                throw malformed(file, i + 1, "user '" + user.name() + "' appears twice");
            }
            final String other = operatorIds.put(user.operatorId(), user.name());
            if (other != null)
            {
                throw malformed(file, i + 1, "operator id " + user.operatorId() + " is also used by user '" + other + "'");
            }
            loaded.put(user.name(), account);
        }
        return Collections.unmodifiableMap(loaded);
    }

    private static Account parse(final String line, final Path file, final int lineNumber)
    {
        final String[] fields = line.split("\t", -1);
        if (fields.length != 5)
        {
            throw malformed(file, lineNumber, "expected 5 tab-separated fields, found " + fields.length);
        }
        final String name = fields[0];
        if (!NAME.matcher(name).matches())
        {
            throw malformed(file, lineNumber, "bad user name '" + name + "'");
        }
        final Role role;
        try
        {
            role = Role.fromJson(fields[1]);
        }
        catch (final IllegalArgumentException ex)
        {
            throw malformed(file, lineNumber, ex.getMessage());
        }
        final int operatorId;
        try
        {
            operatorId = Integer.parseInt(fields[2]);
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(file, lineNumber, "bad operator id '" + fields[2] + "'");
        }
        if (operatorId < MIN_OPERATOR_ID || operatorId > MAX_OPERATOR_ID)
        {
            throw malformed(file, lineNumber, "operator id " + operatorId + " is out of range");
        }
        final boolean enabled;
        if ("1".equals(fields[3]))
        {
            enabled = true;
        }
        else if ("0".equals(fields[3]))
        {
            enabled = false;
        }
        else
        {
            throw malformed(file, lineNumber, "enabled must be 1 or 0, found '" + fields[3] + "'");
        }
        final String hash = fields[4];
        if (!hash.startsWith(HASH_PREFIX))
        {
            throw malformed(file, lineNumber, "the password hash is not an encoded Argon2id hash");
        }
        return new Account(new User(name, role, operatorId, enabled), hash);
    }

    private static IllegalArgumentException malformed(final Path file, final int lineNumber, final String reason)
    {
        return new IllegalArgumentException("users file " + file + " line " + lineNumber + ": " + reason);
    }

    private void write(final Map<String, Account> next)
    {
        final StringBuilder text = new StringBuilder(HEADER);
        for (final Account account : next.values())
        {
            final User user = account.user();
            text.append(user.name()).append('\t')
                .append(user.role().json()).append('\t')
                .append(user.operatorId()).append('\t')
                .append(user.enabled() ? '1' : '0').append('\t')
                .append(account.hash()).append('\n');
        }
        final ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));

        final Path absolute = file.toAbsolutePath();
        final Path dir = absolute.getParent();
        Path tmp = null;
        try
        {
            Files.createDirectories(dir);
            final boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
            final Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            // created owner-only, so the hashes are never readable by others, not even for a moment
            final FileAttribute<?>[] attributes = posix ?
                new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerOnly)} : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, absolute.getFileName() + ".", ".tmp", attributes);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try
            {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            if (posix)
            {
                Files.setPosixFilePermissions(absolute, ownerOnly);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write users file " + file, ex);
        }
        finally
        {
            if (tmp != null)
            {
                try
                {
                    Files.deleteIfExists(tmp);
                }
                catch (final IOException ignore)
                {
                    // the write already failed and says so; a stray temporary file is the lesser problem
                }
            }
        }
    }

    /**
     * A hash of a random password with the store's parameters, checked against when the name is unknown so
     * that a login for a name that does not exist costs as much as one that does. Made on first use.
     */
    private static final class DummyHash
    {
        static final String HASH = hash(randomPassword(DEMO_PASSWORD_LENGTH * 2));
    }
}
