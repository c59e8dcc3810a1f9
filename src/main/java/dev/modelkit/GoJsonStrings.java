package dev.modelkit;

/**
 * JSON strings escaped byte for byte as Go's encoding/json (Go 1.22 and later, what kit 1.10 is built with) writes
 * them: {@code \" \\ \n \r \t \b \f} short escapes, other control characters, the HTML-sensitive {@code < > &} and
 * U+2028/U+2029 as {@code \}{@code u00xx}; a lone surrogate (invalid UTF-8 once encoded) as U+FFFD,
 * {@code \}{@code ufffd}. Shared by every writer whose output must equal kit's bytes (Kitfile config JSON, the local
 * store's index and tags files).
 */
public final class GoJsonStrings {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJsonStrings() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder append(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // Go 1.22+ writes these two short escapes too.
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            // Go replaces invalid UTF-8 with U+FFFD, written as an escape.
                            out.append("\\ufffd");
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** {@code s} as a quoted JSON string. */
    public static String quote(String s) {
        return append(new StringBuilder(s.length() + 2), s).toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }
}
