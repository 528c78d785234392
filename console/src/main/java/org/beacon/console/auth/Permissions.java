package org.beacon.console.auth;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What each {@link Role} may do. Dispatchers send the dispatcher commands, traffic operators the signal
 * commands; auditors and administrators send no operational command. Auditors (and administrators) may use
 * the audit endpoints; only administrators manage accounts.
 */
public final class Permissions
{
    private static final Set<String> DISPATCHER_COMMANDS = unmodifiable(List.of(
        "DISPATCH",
        "CLOSE_INCIDENT",
        "CONFIRM_LOCATION",
        "ACCEPT_FIX",
        "SPLIT_CALL",
        "MERGE_INCIDENTS",
        "ADD_AGENCY",
        "CLEAR_NUISANCE",
        "WATCHLIST_ADD",
        "WATCHLIST_REMOVE",
        "ALERT_CLASSIFY",
        "ALERT_PROPOSE",
        "ALERT_EDIT",
        "ALERT_APPROVE",
        "ALERT_REJECT",
        "ALERT_CANCEL"));

    private static final Set<String> TRAFFIC_COMMANDS = unmodifiable(List.of(
        "SIGNAL_HOLD",
        "SIGNAL_ADVANCE",
        "SIGNAL_FLASH",
        "SIGNAL_RELEASE",
        "SIGNAL_RESET_FAULT"));

    private static final Set<String> ALL_COMMANDS;

    static
    {
        final Set<String> all = new LinkedHashSet<>(DISPATCHER_COMMANDS);
        all.addAll(TRAFFIC_COMMANDS);
        ALL_COMMANDS = Collections.unmodifiableSet(all);
    }

    private Permissions()
    {
    }

    /**
     * Whether a role may send a command.
     *
     * @param role        the operator's role (null: nothing allowed).
     * @param commandType the command's {@code "type"}, e.g. {@code "DISPATCH"} (exact, upper case).
     * @return true when allowed.
     */
    public static boolean mayCommand(final Role role, final String commandType)
    {
        if (role == null || commandType == null)
        {
            return false;
        }
        switch (role)
        {
            case DISPATCHER:
                return DISPATCHER_COMMANDS.contains(commandType);
            case TRAFFIC:
                return TRAFFIC_COMMANDS.contains(commandType);
            default:
                return false;
        }
    }

    /**
     * Whether a role may use the audit endpoints (state as of a time, timelines, verify).
     *
     * @param role the operator's role.
     * @return true for auditors and administrators.
     */
    public static boolean mayAudit(final Role role)
    {
        return role == Role.AUDITOR || role == Role.ADMIN;
    }

    /**
     * Whether a role may manage user accounts.
     *
     * @param role the operator's role.
     * @return true for administrators.
     */
    public static boolean mayAdminister(final Role role)
    {
        return role == Role.ADMIN;
    }

    /**
     * The dispatcher commands.
     *
     * @return an unmodifiable set, in the protocol's order.
     */
    public static Set<String> dispatcherCommands()
    {
        return DISPATCHER_COMMANDS;
    }

    /**
     * The traffic operator's (signal) commands.
     *
     * @return an unmodifiable set, in the protocol's order.
     */
    public static Set<String> trafficCommands()
    {
        return TRAFFIC_COMMANDS;
    }

    /**
     * Every command the console knows.
     *
     * @return an unmodifiable set: the dispatcher commands, then the signal commands.
     */
    public static Set<String> allCommands()
    {
        return ALL_COMMANDS;
    }

    private static Set<String> unmodifiable(final List<String> commands)
    {
        return Collections.unmodifiableSet(new LinkedHashSet<>(commands));
    }
}
