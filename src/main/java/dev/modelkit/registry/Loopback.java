package dev.modelkit.registry;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a host is the local machine, decided from its name alone (no DNS lookup, so a hostile resolver cannot
 * turn a remote host into "loopback"). Credentials may go over plain HTTP only to such hosts, unless opted in.
 */
final class Loopback {

    private Loopback() {
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Credentials may travel to this URI: it is HTTPS, or loopback, or the user opted in. */
    static boolean mayCarryCredentials(URI uri, TransportSettings settings) {
        return "https".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri) || settings.sendCredentialsOverHttp();
    }
}
