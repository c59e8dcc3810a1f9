package dev.modelkit.pack;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A live one-line footer for an interactive console: every unfinished layer's percentage and the overall rate,
 * redrawn in place (carriage return + ANSI erase-line) about twice a second and erased before log lines and at
 * the end, so it never mixes with Maven's own output.
 */
public final class ConsoleProgress implements PackProgress {

    private static final long REDRAW = 500_000_000L;

    private final PrintStream console;
    private long lastDraw = -REDRAW;
    private boolean drawn;

    public ConsoleProgress(PrintStream console) {
        this.console = console;
    }

    @Override
    public void report(List<LayerProgress> layers, long elapsedNanos) {
        if (elapsedNanos - lastDraw < REDRAW || elapsedNanos < 1_000_000_000L) {
            return; // nothing for packs that finish within a second
        }
        lastDraw = elapsedNanos;
        long done = 0;
        StringJoiner parts = new StringJoiner("  ");
        for (LayerProgress l : layers) {
            done += l.done();
            if (!l.finished()) {
                parts.add(String.format(Locale.ROOT, "%s %.0f%%", l.label(),
                        l.total() == 0 ? 100.0 : 100.0 * l.done() / l.total()));
            }
        }
        String line = String.format(Locale.ROOT, "[modelkit] %.0f MB/s  %s", done / (elapsedNanos / 1e9) / 1e6, parts);
        console.print("\r\033[K" + line);
        console.flush();
        drawn = true;
    }

    @Override
    public void clear() {
        if (drawn) {
            console.print("\r\033[K");
            console.flush();
            drawn = false;
        }
    }

    @Override
    public void finished() {
        clear();
    }
}
