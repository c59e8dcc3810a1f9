package dev.modelkit.layer;

import dev.modelkit.BuildLog;

import java.util.ArrayList;
import java.util.List;

/** Collects warnings so tests can assert on what the user is told. */
final class RecordingLog implements BuildLog {

    final List<String> warnings = new ArrayList<>();

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void debug(String message) {
    }
}
