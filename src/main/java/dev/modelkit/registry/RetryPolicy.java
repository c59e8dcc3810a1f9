package dev.modelkit.registry;

import java.time.Duration;

/**
 * Exponential backoff for 429, 5xx and dropped connections.
 *
 * @param maxAttempts    tries per request or blob, the first included
 * @param initialBackoff the wait after the first failure; doubled after each further one
 * @param maxBackoff     the longest wait, also the cap on a registry's {@code Retry-After}, so every wait is bounded
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(60));
    }

    /** The wait before try number {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** A registry's {@code Retry-After} wait, capped so that a hostile or broken value cannot hang the build. */
    public Duration capped(Duration retryAfter) {
        return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
    }
}
