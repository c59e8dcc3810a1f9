package dev.modelkit.maven;

import dev.modelkit.pack.ConsoleProgress;
import dev.modelkit.pack.LogProgress;
import dev.modelkit.pack.PackProgress;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

import java.util.Locale;

/** Picks how pack progress is shown, from the {@code progress} parameter and what Maven's console is. */
final class ProgressChoice {

    private static final long PLAIN_INTERVAL = 10_000_000_000L;

    private ProgressChoice() {
    }

    static PackProgress of(String mode, Log log, MavenSession session) {
        if (!log.isInfoEnabled()) {
            return PackProgress.NONE; // -q
        }
        String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        return switch (m) {
            case "none" -> PackProgress.NONE;
            case "plain" -> new LogProgress(new MavenBuildLog(log), PLAIN_INTERVAL);
            case "fancy" -> new ConsoleProgress(System.out);
            case "auto" -> interactive(session) ? new ConsoleProgress(System.out)
                    : new LogProgress(new MavenBuildLog(log), PLAIN_INTERVAL);
            default -> throw new IllegalArgumentException("unknown progress '" + mode
                    + "': use auto, plain, fancy or none");
        };
    }

    /** Jib's rule: an interactive Maven with a real console that is not a dumb terminal. */
    private static boolean interactive(MavenSession session) {
        String term = System.getenv("TERM");
        return session.getRequest().isInteractiveMode() && System.console() != null
                && (term == null || !term.equals("dumb"));
    }
}
