package dev.modelkit.layer;

import java.util.regex.Pattern;

/**
 * One compiled {@code .kitignore} line. The translation to a regular expression follows moby/patternmatcher (the
 * library kit uses), not Java's glob syntax: {@code *} and {@code ?} never cross '/', {@code **} spans any number
 * of components (zero included), {@code [...]} is a character class, {@code \} escapes the next character, and
 * the whole path must match (patterns are anchored at the context root).
 *
 * @param text      the cleaned pattern as written, without the leading '!'
 * @param exclusion true for a '!' line, which re-includes what earlier lines ignored
 * @param regex     the compiled matcher for one '/'-separated relative path
 */
record IgnorePattern(String text, boolean exclusion, Pattern regex) {

    /**
     * Compiles a cleaned pattern (no leading '!'). UNIX_LINES makes '.' stop only at \n, like Go's regexp.
     *
     * @throws IllegalArgumentException with a short reason when the pattern is malformed (as Go's filepath.Match
     *                                  would report ErrBadPattern)
     */
    static IgnorePattern compile(String text, boolean exclusion) {
        return new IgnorePattern(text, exclusion, Pattern.compile(toRegex(text), Pattern.UNIX_LINES));
    }

    boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < n && glob.charAt(i + 1) == '*') {
                    i += 2;
                    // "**/" is treated like "**": the separator is part of the optional group below.
                    if (i < n && glob.charAt(i) == '/') {
                        i++;
                    }
                    // A trailing "**" accepts everything below, as in .gitignore; elsewhere it stands for zero or
                    // more whole components.
                    re.append(i >= n ? ".*" : "(?:.*/)?");
                } else {
                    re.append("[^/]*");
                    i++;
                }
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                i = appendClass(glob, i, re);
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    // Go's filepath.Match rejects a pattern ending in a lone backslash.
                    throw new IllegalArgumentException("pattern ends with an unfinished escape '\\'");
                }
                appendLiteral(glob.codePointAt(i + 1), re);
                i += 1 + Character.charCount(glob.codePointAt(i + 1));
            } else {
                int cp = glob.codePointAt(i);
                appendLiteral(cp, re);
                i += Character.charCount(cp);
            }
        }
        return re.toString();
    }

    /**
     * Translates a {@code [...]} class starting at {@code start} with Go's filepath.Match rules: an optional '^'
     * negates, then one or more characters or ranges {@code lo-hi} ('\' escapes), closed by ']'. Java's own class
     * syntax has extras (nesting, {@code &&}), so every member is emitted as a quoted code point.
     *
     * @return the index just after the closing ']'
     */
    private static int appendClass(String glob, int start, StringBuilder re) {
        int i = start + 1;
        int n = glob.length();
        StringBuilder cls = new StringBuilder("[");
        if (i < n && glob.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i < n && glob.charAt(i) == ']' && ranges > 0) {
                i++;
                break;
            }
            int[] lo = classChar(glob, i);
            i = lo[1];
            int hi = lo[0];
            if (i < n && glob.charAt(i) == '-') {
                int[] h = classChar(glob, i + 1);
                hi = h[0];
                i = h[1];
                if (hi < lo[0]) {
                    throw new IllegalArgumentException("character range out of order in '" + glob + "'");
                }
            }
            cls.append(quote(lo[0]));
            if (hi != lo[0]) {
                cls.append('-').append(quote(hi));
            }
            ranges++;
        }
        re.append(cls).append(']');
        return i;
    }

    /** One class member (Go's getEsc): returns {code point, next index}. */
    private static int[] classChar(String glob, int i) {
        int n = glob.length();
        if (i >= n) {
            throw new IllegalArgumentException("unterminated character class '[' in '" + glob + "'");
        }
        char c = glob.charAt(i);
        if (c == '-' || c == ']') {
            throw new IllegalArgumentException("unexpected '" + c + "' in character class in '" + glob + "'");
        }
        if (c == '\\') {
            i++;
            if (i >= n) {
                throw new IllegalArgumentException("unterminated character class '[' in '" + glob + "'");
            }
        }
        int cp = glob.codePointAt(i);
        return new int[] {cp, i + Character.charCount(cp)};
    }

    private static void appendLiteral(int cp, StringBuilder re) {
        re.append(quote(cp));
    }

    private static String quote(int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '/') {
            return Character.toString(cp);
        }
        return "\\x{" + Integer.toHexString(cp) + "}";
    }
}
