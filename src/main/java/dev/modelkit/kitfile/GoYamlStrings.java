package dev.modelkit.kitfile;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Picks and writes the style go-yaml v3 gives a string: go-yaml asks for plain style unless the plain text would read
 * back as something else (a number, bool, null, timestamp, base-60 float or YAML 1.1 bool), literal style for
 * multi-line text, and then libyaml's scalar analysis downgrades plain to single-quoted, and anything to
 * double-quoted, when indicators, spaces or special characters require it.
 */
final class GoYamlStrings {

    /** Where the scalar stands: a mapping key (simple key), a block value, or inside a flow sequence. */
    enum Context { KEY, BLOCK, FLOW }

    private static final Set<String> OLD_BOOLS = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "off", "Off", "OFF");
    private static final Pattern BASE60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    /** The shapes go-yaml's parseTimestamp accepts (YYYY-M-D with optional time). */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
                    + "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?");

    private GoYamlStrings() {
    }

    /** The scalar as go-yaml writes it; a literal block comes with its content lines (indented below indent). */
    static String scalar(String s, Context context, int indent) {
        Analysis a = Analysis.of(s);
        boolean flow = context == Context.FLOW;
        if (s.contains("\n") && !flow) {
            if (context == Context.BLOCK && a.blockAllowed) {
                return literal(s, indent + 2);
            }
            return doubleQuoted(s);
        }
        boolean wantPlain = !s.isEmpty() && resolvesToString(s);
        if (wantPlain && (flow ? a.flowPlainAllowed : a.blockPlainAllowed)
                && !(context == Context.KEY && a.multiline)) {
            return s;
        }
        if (wantPlain && a.singleQuotedAllowed && !(context == Context.KEY && a.multiline)) {
            return "'" + s.replace("'", "''") + "'";
        }
        return doubleQuoted(s);
    }

    /** go-yaml's canUsePlain: the plain text must resolve to the same string. */
    static boolean resolvesToString(String s) {
        if (OLD_BOOLS.contains(s) || BASE60_FLOAT.matcher(s).matches() || TIMESTAMP.matcher(s).matches()
                || "<<".equals(s)) {
            return false;
        }
        return s.equals(GoYamlScalars.resolvePlain(s));
    }

    private static String literal(String s, int contentIndent) {
        StringBuilder out = new StringBuilder("|");
        char first = s.charAt(0);
        if (first == ' ' || first == '\n') {
            out.append(2); // indentation indicator: the content's own leading spaces must not set the indent
        }
        String body;
        if (!s.endsWith("\n")) {
            out.append('-');
            body = s;
        } else {
            if (s.length() == 1 || s.charAt(s.length() - 2) == '\n') {
                out.append('+');
            }
            body = s.substring(0, s.length() - 1);
        }
        for (String line : body.split("\n", -1)) {
            out.append('\n');
            if (!line.isEmpty()) {
                out.append(" ".repeat(contentIndent)).append(line);
            }
        }
        return out.toString();
    }

    static String doubleQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            String esc = switch (c) {
                case 0 -> "\\0";
                case 7 -> "\\a";
                case 8 -> "\\b";
                case 9 -> "\\t";
                case 10 -> "\\n";
                case 11 -> "\\v";
                case 12 -> "\\f";
                case 13 -> "\\r";
                case 0x1B -> "\\e";
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case 0x85 -> "\\N";
                case 0xA0 -> "\\_";
                case 0x2028 -> "\\L";
                case 0x2029 -> "\\P";
                default -> null;
            };
            if (esc != null) {
                out.append(esc);
            } else if (!Analysis.printable(c) || c == 0xFEFF) {
                out.append(c <= 0xFF ? String.format("\\x%02X", c)
                        : c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.append('"').toString();
    }

    /** libyaml's yaml_emitter_analyze_scalar, for the flags the style choice uses. */
    private record Analysis(boolean multiline, boolean flowPlainAllowed, boolean blockPlainAllowed,
                            boolean singleQuotedAllowed, boolean blockAllowed) {

        static Analysis of(String s) {
            if (s.isEmpty()) {
                return new Analysis(false, false, true, true, false);
            }
            boolean blockIndicators = false;
            boolean flowIndicators = false;
            if (s.startsWith("---") || s.startsWith("...")) {
                blockIndicators = true;
                flowIndicators = true;
            }
            boolean lineBreaks = false;
            boolean special = false;
            boolean leadingSpace = false;
            boolean leadingBreak = false;
            boolean trailingSpace = false;
            boolean trailingBreak = false;
            boolean breakSpace = false;
            boolean spaceBreak = false;
            boolean previousSpace = false;
            boolean previousBreak = false;
            boolean precededByWhitespace = true;
            int[] cps = s.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                int c = cps[i];
                boolean followedByWhitespace = i + 1 >= cps.length || blank(cps[i + 1]) || isBreak(cps[i + 1]);
                if (i == 0) {
                    switch (c) {
                        case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                        case '?', ':' -> {
                            flowIndicators = true;
                            blockIndicators |= followedByWhitespace;
                        }
                        case '-' -> {
                            if (followedByWhitespace) {
                                flowIndicators = true;
                                blockIndicators = true;
                            }
                        }
                        default -> { }
                    }
                } else {
                    switch (c) {
                        case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
                        case ':' -> {
                            flowIndicators = true;
                            blockIndicators |= followedByWhitespace;
                        }
                        case '#' -> {
                            if (precededByWhitespace) {
                                flowIndicators = true;
                                blockIndicators = true;
                            }
                        }
                        default -> { }
                    }
                }
                if (!printable(c) || c == 0xFEFF) {
                    special = true;
                }
                if (isBreak(c)) {
                    lineBreaks = true;
                }
                if (c == ' ') {
                    leadingSpace |= i == 0;
                    trailingSpace |= i == cps.length - 1;
                    breakSpace |= previousBreak;
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(c)) {
                    leadingBreak |= i == 0;
                    trailingBreak |= i == cps.length - 1;
                    spaceBreak |= previousSpace;
                    previousBreak = true;
                    previousSpace = false;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = blank(c) || isBreak(c);
            }
            boolean flowPlain = true;
            boolean blockPlain = true;
            boolean single = true;
            boolean block = true;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                flowPlain = false;
                blockPlain = false;
            }
            if (trailingSpace) {
                block = false;
            }
            if (breakSpace) {
                flowPlain = false;
                blockPlain = false;
                single = false;
            }
            if (spaceBreak || special) {
                flowPlain = false;
                blockPlain = false;
                single = false;
                block = false;
            }
            if (lineBreaks) {
                flowPlain = false;
                blockPlain = false;
            }
            if (flowIndicators) {
                flowPlain = false;
            }
            if (blockIndicators) {
                blockPlain = false;
            }
            return new Analysis(lineBreaks, flowPlain, blockPlain, single, block);
        }

        private static boolean blank(int c) {
            return c == ' ' || c == '\t';
        }

        private static boolean isBreak(int c) {
            return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
        }

        /** libyaml's is_printable (go-yaml emits with unicode on, so printable non-ASCII stays as it is). */
        static boolean printable(int c) {
            return c == 0x0A || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
        }
    }
}
