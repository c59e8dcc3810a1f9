package dev.modelkit.init;

import java.util.List;

/**
 * Options of {@code kit init}.
 *
 * @param name        {@code package.name}; null: the folder's name
 * @param description {@code package.description}, or null
 * @param authors     {@code package.authors}, may be empty
 * @param depth       how many folder levels are listed file by file (0: classify each top-level folder as a whole,
 *                    kit's default; -1: every file is its own entry, what raw layers need)
 */
public record InitOptions(String name, String description, List<String> authors, int depth) {

    public InitOptions {
        authors = authors == null ? List.of() : List.copyOf(authors);
        if (depth < -1) {
            throw new IllegalArgumentException("depth must be -1 (every file) or >= 0, got " + depth);
        }
    }
}
