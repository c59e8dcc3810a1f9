package dev.modelkit;

/**
 * Where the core reports what it does. The Maven side adapts this to Maven's {@code Log}; tests collect the lines.
 * Kept tiny on purpose so that the core never needs a logging framework.
 */
public interface BuildLog {

    void info(String message);

    void warn(String message);

    void debug(String message);

    /** A log that drops everything. */
    BuildLog SILENT = new BuildLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void debug(String message) {
        }
    };
}
