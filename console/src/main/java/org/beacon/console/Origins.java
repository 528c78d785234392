package org.beacon.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The check of a WebSocket handshake's {@code Origin} (RFC 6455 §10.2, RFC 6454): a browser names the page that
 * opens the socket, and a page of another site must not ride on an operator's session cookie (cross-site
 * WebSocket hijacking). Allowed are the console's own origin, the scheme it speaks with the {@code Host} the
 * request was sent to, and the configured origins ({@link ConsoleContext#origins(java.util.List)}). Origins are
 * compared exactly after normalization: scheme and host in lower case, the port always written out; no
 * wildcards, prefixes or suffixes.
 *
 * <p>A handshake without {@code Origin} is allowed: browsers always send it on a WebSocket handshake and a page
 * cannot remove or change it, so its absence means a client that is not a browser (a script, a monitoring tool)
 * and cannot be a hijacked browser session; such a client could write any {@code Origin} it liked, so refusing it
 * would protect nothing. It still needs a valid session cookie. {@code Origin: null} (a sandboxed or local page)
 * is refused.
 */
final class Origins
{
    private Origins()
    {
    }

    /**
     * Whether a handshake may go on.
     *
     * @param origin     the {@code Origin} header, or null when absent.
     * @param host       the {@code Host} header, or null.
     * @param tls        whether the console speaks HTTPS.
     * @param configured normalized origins allowed besides the console's own.
     * @return true when allowed.
     */
    static boolean allowed(final String origin, final String host, final boolean tls, final Set<String> configured)
    {
        if (null == origin)
        {
            return true;
        }
        final String normalized = normalize(origin);
        if (null == normalized)
        {
            return false;
        }
        if (configured.contains(normalized))
        {
            return true;
        }
        return null != host && normalized.equals(normalize((tls ? "https://" : "http://") + host.strip()));
    }

    /**
     * An origin in the one form they are compared in.
     *
     * @param origin {@code scheme://host[:port]} with scheme http or https; a single trailing {@code /} is accepted.
     * @return {@code scheme://host:port} in lower case, or null when it is not such an origin.
     */
    static String normalize(final String origin)
    {
        if (null == origin || origin.isEmpty() || origin.length() > 300)
        {
            return null;
        }
        final URI uri;
        try
        {
            uri = new URI(origin);
        }
        catch (final URISyntaxException ex)
        {
            return null;
        }
        final String scheme = null == uri.getScheme() ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme))
        {
            return null;
        }
        if (null == uri.getHost() || null != uri.getRawUserInfo() || null != uri.getRawQuery() || null != uri.getRawFragment())
        {
            return null;
        }
        final String path = uri.getRawPath();
        if (null != path && !path.isEmpty() && !"/".equals(path))
        {
            return null;
        }
        final int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
