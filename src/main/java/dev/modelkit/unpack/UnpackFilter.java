package dev.modelkit.unpack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One kit {@code --filter}: {@code <type>[,<type>...][:<id>[,<id>...]]}. Types are {@code kitfile, model, datasets,
 * code, docs, prompts, mcpservers}; {@code model} also selects model parts. Ids are compared by exact string
 * equality with an element's name or its path as written in the Kitfile ({@code ./README.md} is not
 * {@code README.md}), as kit does. Several filters are OR-ed.
 */
public record UnpackFilter(Set<String> types, List<String> ids) {

    public static final Set<String> TYPES =
            Set.of("kitfile", "model", "datasets", "code", "docs", "prompts", "mcpservers");

    public UnpackFilter {
        types = Set.copyOf(types);
        ids = List.copyOf(ids);
    }

    /** Parses one filter; an error names the filter and says what is wrong. */
    public static UnpackFilter parse(String text) {
        String s = text == null ? "" : text.trim();
        String[] halves = s.split(":", -1);
        if (halves.length > 2) {
            throw new IllegalArgumentException("invalid filter '" + text + "': more than one ':'");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : halves[0].split(",", -1)) {
            String type = t.trim().toLowerCase(java.util.Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("invalid filter '" + text + "': unknown type '" + t.trim()
                        + "' (use kitfile, model, datasets, code, docs, prompts or mcpservers)");
            }
            types.add(type);
        }
        List<String> ids = new ArrayList<>();
        if (halves.length == 2) {
            for (String id : halves[1].split(",", -1)) {
                if (id.isEmpty()) {
                    throw new IllegalArgumentException("invalid filter '" + text + "': empty id");
                }
                ids.add(id);
            }
        }
        return new UnpackFilter(types, ids);
    }

    /** True when this filter selects an element of {@code type} with this name (may be null) and path. */
    public boolean matches(String type, String name, String path) {
        if (!types.contains(type)) {
            return false;
        }
        if (ids.isEmpty()) {
            return true;
        }
        return (name != null && !name.isEmpty() && ids.contains(name)) || (path != null && ids.contains(path));
    }

    /** No filters select everything; otherwise any filter that matches. */
    public static boolean selects(List<UnpackFilter> filters, String type, String name, String path) {
        return filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(type, name, path));
    }

    /** The Kitfile is written when nothing is filtered or some filter names {@code kitfile}. */
    public static boolean wantsKitfile(List<UnpackFilter> filters) {
        return filters.isEmpty() || filters.stream().anyMatch(f -> f.types().contains("kitfile"));
    }

    @Override
    public String toString() {
        return String.join(",", types) + (ids.isEmpty() ? "" : ":" + String.join(",", ids));
    }

}
