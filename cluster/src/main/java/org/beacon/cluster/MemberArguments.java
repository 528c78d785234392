package org.beacon.cluster;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.beacon.core.StateMachine;

/** Parses a member process's command line into {@link ClusterMember.Settings}. */
final class MemberArguments
{
    static final String USAGE = "usage: ClusterMember --member N --members M --data DIR [--hosts H,H,...] [--base-port P] " +
        "[--aeron-dir D] [--state-machine CLASS] [--tick-ms T] [--snapshot-s S]";
    static final int DEFAULT_BASE_PORT = 20100;
    static final String DEFAULT_STATE_MACHINE = "org.beacon.center.CenterStateMachine";
    static final long DEFAULT_TICK_MS = 100;

    private MemberArguments()
    {
    }

    static ClusterMember.Settings parse(final String[] args)
    {
        int member = -1;
        int members = -1;
        Path data = null;
        String hosts = null;
        int basePort = DEFAULT_BASE_PORT;
        String aeronDir = null;
        String stateMachine = DEFAULT_STATE_MACHINE;
        long tickMs = DEFAULT_TICK_MS;
        long snapshotS = 0;
        for (int i = 0; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--member" -> member = number(args[i], value);
                case "--members" -> members = number(args[i], value);
                case "--data" -> data = Path.of(value);
                case "--hosts" -> hosts = value;
                case "--base-port" -> basePort = number(args[i], value);
                case "--aeron-dir" -> aeronDir = value;
                case "--state-machine" -> stateMachine = value;
                case "--tick-ms" -> tickMs = number(args[i], value);
                case "--snapshot-s" -> snapshotS = number(args[i], value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (members < 1 || member < 0 || member >= members || null == data)
        {
            throw new IllegalArgumentException("--member N (0.." + (members - 1) + "), --members M and --data DIR are needed");
        }
        if (basePort < 1024 || basePort + ClusterMember.PORTS_PER_MEMBER * members > 65535 || tickMs < 1)
        {
            throw new IllegalArgumentException("--base-port must leave room for " + members + " members above 1024; --tick-ms >= 1");
        }
        final String[] hostList = null == hosts ? localHosts(members) : hosts.split(",");
        if (hostList.length != members)
        {
            throw new IllegalArgumentException("--hosts names " + hostList.length + " hosts for " + members + " members");
        }
        final Path memberDir = data.resolve("member-" + member);
        return new ClusterMember.Settings(member, members, hostList, basePort, memberDir,
            null == aeronDir ? memberDir.resolve("aeron").toString() : aeronDir, stateMachines(stateMachine),
            TimeUnit.MILLISECONDS.toNanos(tickMs), TimeUnit.SECONDS.toNanos(snapshotS));
    }

    private static String[] localHosts(final int members)
    {
        final String[] hosts = new String[members];
        java.util.Arrays.fill(hosts, "localhost");
        return hosts;
    }

    private static int number(final String option, final String value)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " wants a number, not '" + value + "'");
        }
    }

    /** A supplier of fresh state machines of a class with a public no-argument constructor. */
    static Supplier<StateMachine> stateMachines(final String className)
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException("no state machine class " + className + " on the class path");
        }
        if (!StateMachine.class.isAssignableFrom(type))
        {
            throw new IllegalArgumentException(className + " is not a " + StateMachine.class.getName());
        }
        return () ->
        {
            try
            {
                return (StateMachine)type.getDeclaredConstructor().newInstance();
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new IllegalStateException("cannot make a " + className + ": " + ex, ex);
            }
        };
    }
}
