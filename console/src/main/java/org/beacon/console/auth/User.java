package org.beacon.console.auth;

/**
 * An account of the console as the rest of the gateway sees it (never with its password hash).
 *
 * @param name       login name, {@code [a-z0-9._-]{1,32}}.
 * @param role       what the operator may do and see.
 * @param operatorId the id sent to the core with each of the operator's commands, unique among users.
 * @param enabled    false when an administrator has disabled the account: it cannot log in.
 */
public record User(String name, Role role, int operatorId, boolean enabled)
{
}
