package dev.modelkit.pack;

import java.util.List;

/**
 * Receives the state of the layers being written, on the build's own thread, about five times a second while a
 * pack runs; implementations decide what to show and how often (log lines in batch mode, a live footer on a console).
 */
public interface PackProgress {

    /** One layer: how many uncompressed bytes are through out of how many. */
    record LayerProgress(String label, long done, long total, boolean finished) {
    }

    void report(List<LayerProgress> layers, long elapsedNanos);

    /** Erase anything drawn on the console, because log lines are about to be written. */
    default void clear() {
    }

    /** The layers are written (or failed); clear whatever was drawn. */
    default void finished() {
    }

    PackProgress NONE = (layers, elapsed) -> { };
}
