package dev.modelkit.testing;

import dev.modelkit.BuildLog;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what the code under test tells the user, so tests can assert on it. Synchronized because the packer
 * logs from its worker threads; the getters return copies so an assertion never sees a list that is still growing.
 */
public final class RecordingLog implements BuildLog {

    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> debugs = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        infos.add(message);
        lines.add(message);
    }

    @Override
    public synchronized void warn(String message) {
        warnings.add(message);
        lines.add(message);
    }

    /** Kept apart from {@link #lines()}: what the user sees by default is info and warn. */
    @Override
    public synchronized void debug(String message) {
        debugs.add(message);
    }

    public synchronized List<String> debugs() {
        return List.copyOf(debugs);
    }

    public synchronized List<String> infos() {
        return List.copyOf(infos);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Infos and warnings together, in the order they were logged. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
