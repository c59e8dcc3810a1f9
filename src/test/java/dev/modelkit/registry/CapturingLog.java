package dev.modelkit.registry;

import dev.modelkit.BuildLog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line at every level, so tests can assert on messages and grep them for secrets. */
final class CapturingLog implements BuildLog {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    String all() {
        return String.join("\n", lines);
    }
}
