package dev.modelkit.kitfile;

/**
 * One thing wrong with a Kitfile.
 *
 * @param line    1-based line in the Kitfile, or 0 when no line is known
 * @param message what is wrong, naming the key or element
 */
public record KitfileProblem(int line, String message) {
}
