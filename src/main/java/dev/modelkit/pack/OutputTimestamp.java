package dev.modelkit.pack;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Maven's {@code project.build.outputTimestamp}: ISO-8601 with an offset ({@code 2026-01-01T00:00:00Z}) or seconds
 * since the epoch. An empty value, or one character (Maven's convention for "not set"), means no timestamp.
 */
public final class OutputTimestamp {

    private OutputTimestamp() {
    }

    public static Optional<Instant> parse(String value) {
        if (value == null || value.trim().length() < 2) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(v).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("outputTimestamp '" + value
                    + "' is neither ISO-8601 with an offset (2026-01-01T00:00:00Z) nor seconds since the epoch", e);
        }
    }
}
