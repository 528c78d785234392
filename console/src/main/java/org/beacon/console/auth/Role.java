package org.beacon.console.auth;

/**
 * What an operator of the console is; decides the page they land on, the commands they may send
 * ({@link Permissions}) and the personal data they may see ({@link PersonalData}).
 */
public enum Role
{
    /** Call-takers and dispatchers: dispatcher commands; see callers' numbers. */
    DISPATCHER("dispatcher", "/dispatcher.html"),
    /** Traffic-control operators: signal commands. */
    TRAFFIC("traffic", "/traffic.html"),
    /** Auditors: read only; see callers' numbers, IMSI and IMEI. */
    AUDITOR("auditor", "/audit.html"),
    /** Administrators: user accounts; no operational command. */
    ADMIN("admin", "/admin.html");

    private static final Role[] VALUES = values();

    private final String json;
    private final String page;

    Role(final String json, final String page)
    {
        this.json = json;
        this.page = page;
    }

    /**
     * The role's name in JSON and in the users file.
     *
     * @return e.g. {@code "dispatcher"}.
     */
    public String json()
    {
        return json;
    }

    /**
     * The page an operator with this role lands on after logging in.
     *
     * @return an absolute path, e.g. {@code "/dispatcher.html"}.
     */
    public String page()
    {
        return page;
    }

    /**
     * The role with a JSON name.
     *
     * @param json the name, e.g. {@code "traffic"} (exact, lower case).
     * @return the role.
     * @throws IllegalArgumentException when no role has that name.
     */
    public static Role fromJson(final String json)
    {
        for (final Role role : VALUES)
        {
            if (role.json.equals(json))
            {
                return role;
            }
        }
        throw new IllegalArgumentException(
            "unknown role '" + json + "' (expected dispatcher, traffic, auditor or admin)");
    }
}
