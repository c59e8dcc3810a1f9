package dev.modelkit.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the KitOps home folder the way {@code kit} does (reference §6), so that what Maven installs is where
 * {@code kit list} looks: an explicit folder, else {@code KITOPS_HOME}, else kit's per-OS default.
 */
public final class KitopsHome {

    private KitopsHome() {
    }

    /**
     * @param explicit the {@code kitopsHome} parameter, or null
     * @param env      the environment (System.getenv() in production; a map in tests)
     * @param osName   the {@code os.name} system property
     * @param userHome the {@code user.home} system property
     */
    public static Path resolve(Path explicit, Map<String, String> env, String osName, Path userHome) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        String fromEnv = env.get("KITOPS_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            // Go's os.UserCacheDir on macOS: kit keeps its store under the cache folder there.
            return userHome.resolve("Library").resolve("Caches").resolve("kitops");
        }
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local != null && !local.isBlank() ? Path.of(local)
                    : userHome.resolve("AppData").resolve("Local");
            return base.resolve("kitops");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).resolve("kitops");
        }
        return userHome.resolve(".local").resolve("share").resolve("kitops");
    }

    /** The home for this JVM's environment. */
    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name"),
                Path.of(System.getProperty("user.home")));
    }
}
