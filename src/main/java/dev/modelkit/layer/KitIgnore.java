package dev.modelkit.layer;

import dev.modelkit.kitfile.KitPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ignore rules kit applies while packing: the context's {@code .kitignore} read with Docker
 * {@code .dockerignore} semantics (moby/patternmatcher), followed by the four names kit always leaves out of the
 * context root. Paths given to {@link #matches} are relative to the context and '/'-separated.
 */
public final class KitIgnore {

    /** The file read from the context root. */
    public static final String FILE_NAME = ".kitignore";

    /**
     * Appended after the user's patterns, so a later {@code !Kitfile} line cannot bring them back; root-anchored,
     * so a nested {@code sub/Kitfile} is packed like any file (as kit does).
     */
    private static final List<String> ALWAYS_IGNORED = List.of("Kitfile", "kitfile", ".kitfile", ".kitignore");

    private static final char BOM = '\uFEFF';

    private final List<IgnorePattern> patterns;
    private final boolean exclusions;

    private KitIgnore(List<IgnorePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.exclusions = patterns.stream().anyMatch(IgnorePattern::exclusion);
    }

    /**
     * Reads {@code <contextDir>/.kitignore} when present and adds kit's fixed names.
     *
     * @throws LayerSelectionException naming {@code .kitignore} and the line of a malformed pattern
     */
    public static KitIgnore load(Path contextDir) throws IOException {
        Path file = contextDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return parse(FILE_NAME, List.of());
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return parse(FILE_NAME, splitLines(text));
    }

    /**
     * Builds the rules from {@code .kitignore} lines (the fixed names are added here too).
     *
     * @param sourceName the file name used in error messages
     * @throws LayerSelectionException naming the source and the 1-based line of a malformed pattern
     */
    public static KitIgnore parse(String sourceName, List<String> lines) throws LayerSelectionException {
        List<IgnorePattern> compiled = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1);
            }
            IgnorePattern p;
            try {
                p = compileLine(line);
            } catch (IllegalArgumentException e) {
                throw new LayerSelectionException(sourceName + " line " + (i + 1) + ": bad pattern \"" + line.strip()
                        + "\": " + e.getMessage(), e);
            }
            if (p != null) {
                compiled.add(p);
            }
        }
        for (String name : ALWAYS_IGNORED) {
            compiled.add(IgnorePattern.compile(name, false));
        }
        return new KitIgnore(compiled);
    }

    /** One line as moby's ignorefile.ReadAll and NewPatternMatcher treat it; null for comments and blanks. */
    private static IgnorePattern compileLine(String raw) {
        // Only '#' as the very first byte makes a comment; "  # x" is a pattern, as in Docker.
        if (raw.startsWith("#")) {
            return null;
        }
        String line = raw.strip();
        if (line.isEmpty()) {
            return null;
        }
        boolean exclusion = line.charAt(0) == '!';
        if (exclusion) {
            line = line.substring(1).strip();
            if (line.isEmpty()) {
                throw new IllegalArgumentException("illegal exclusion pattern \"!\"");
            }
        }
        String cleaned = KitPaths.clean(line);
        // Absolute patterns mean "relative to the context"; Clean has already collapsed repeated slashes.
        if (cleaned.length() > 1 && cleaned.charAt(0) == '/') {
            cleaned = cleaned.substring(1);
        }
        return IgnorePattern.compile(cleaned, exclusion);
    }

    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            // Go's bufio.Scanner drops one trailing '\r' (CRLF files).
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            lines.add(line);
            start = end + 1;
        }
        return lines;
    }

    /**
     * Whether a context-relative path is ignored: the last pattern that matches the path, or any of its parent
     * folders, decides, and a '!' pattern re-includes (moby's MatchesOrParentMatches).
     */
    public boolean matches(String relPath) {
        String path = KitPaths.clean(relPath);
        List<String> parents = parentPrefixes(path);
        boolean matched = false;
        for (IgnorePattern p : patterns) {
            // An inclusion cannot change an already ignored path, nor an exclusion a path that is not ignored.
            if (p.exclusion() != matched) {
                continue;
            }
            boolean hit = p.matches(path) || parents.stream().anyMatch(p::matches);
            if (hit) {
                matched = !p.exclusion();
            }
        }
        return matched;
    }

    /** True when some pattern starts with '!': ignored folders must then still be walked for re-included files. */
    public boolean hasExclusions() {
        return exclusions;
    }

    /** "a", "a/b" for "a/b/c": every parent folder, shortest first. */
    private static List<String> parentPrefixes(String path) {
        List<String> out = new ArrayList<>();
        int slash = path.indexOf('/');
        while (slash > 0) {
            out.add(path.substring(0, slash));
            slash = path.indexOf('/', slash + 1);
        }
        return out;
    }
}
