package dev.modelkit.pack;

import dev.modelkit.BuildLog;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Progress as plain log lines, for CI logs: one line per unfinished large layer every {@code interval}, with the
 * percentage, the rate and the time left. Small layers (under 64 MiB) finish too fast to be worth a line.
 */
public final class LogProgress implements PackProgress {

    private static final long LARGE = 64L * 1024 * 1024;

    private final BuildLog log;
    private final long intervalNanos;
    private long lastReport;
    private final Map<String, long[]> previous = new HashMap<>();

    public LogProgress(BuildLog log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void report(List<LayerProgress> layers, long elapsedNanos) {
        if (elapsedNanos - lastReport < intervalNanos) {
            return;
        }
        lastReport = elapsedNanos;
        for (LayerProgress l : layers) {
            if (l.finished() || l.total() < LARGE) {
                continue;
            }
            long[] before = previous.getOrDefault(l.label(), new long[] {0, 0});
            double seconds = Math.max(1e-9, (elapsedNanos - before[1]) / 1e9);
            double rate = (l.done() - before[0]) / seconds;
            previous.put(l.label(), new long[] {l.done(), elapsedNanos});
            log.info(line(l, rate));
        }
    }

    static String line(LayerProgress l, double bytesPerSecond) {
        double percent = l.total() == 0 ? 100 : 100.0 * l.done() / l.total();
        String eta = bytesPerSecond <= 0 ? "?" : String.format(Locale.ROOT, "%.0f s",
                (l.total() - l.done()) / bytesPerSecond);
        return String.format(Locale.ROOT, "  %s: %3.0f%% of %s, %.0f MB/s, about %s left", l.label(), percent,
                human(l.total()), bytesPerSecond / 1e6, eta);
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }
}
