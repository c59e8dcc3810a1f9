package dev.modelkit.kitfile;

import java.util.ArrayDeque;
import java.util.Deque;

/** Path text rules shared by Kitfile validation, file selection and annotations. Paths are '/'-separated. */
public final class KitPaths {

    private KitPaths() {
    }

    /**
     * Go's {@code path.Clean}: the shortest equivalent path by purely lexical processing. An empty path gives ".".
     * Backslashes are not separators here (Kitfiles use '/', as kit does on Linux and macOS).
     */
    public static String clean(String path) {
        if (path == null || path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        int leadingDotDots = 0;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                } else if (!rooted) {
                    leadingDotDots++;
                }
                continue;
            }
            out.addLast(part);
        }
        StringBuilder sb = new StringBuilder();
        if (rooted) {
            sb.append('/');
        }
        for (int i = 0; i < leadingDotDots; i++) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append("..");
        }
        for (String part : out) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.length() == 0 ? "." : sb.toString();
    }

    /** True when {@code inner} equals {@code outer} or lies below it, compared by whole path components. */
    public static boolean contains(String outer, String inner) {
        String o = clean(outer);
        String i = clean(inner);
        if (o.equals(".")) {
            return !i.equals("..") && !i.startsWith("../") && !i.startsWith("/");
        }
        return i.equals(o) || i.startsWith(o + "/");
    }

    /** True when a cleaned relative path climbs out of its base ("..", "../x"). */
    public static boolean escapes(String cleaned) {
        return cleaned.equals("..") || cleaned.startsWith("../");
    }
}
