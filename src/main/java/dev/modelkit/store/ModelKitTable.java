package dev.modelkit.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats listing rows the way {@code kit list} prints them: Go's tabwriter with padding 3 (each column as wide as
 * its widest cell plus three spaces, the last column unpadded) and kit's 1024-based sizes.
 */
public final class ModelKitTable {

    private static final String[] HEADER = {"REPOSITORY", "TAG", "MAINTAINER", "NAME", "SIZE", "DIGEST"};
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String NONE = "<none>";
    private static final int PADDING = 3;

    private ModelKitTable() {
    }

    /** The table, one line per row after the header, each line ending in a newline. */
    public static String format(List<ListedModelKit> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (ListedModelKit r : rows) {
            lines.add(new String[] {r.repository(), orNone(r.tag()), orNone(r.maintainer()), orNone(r.name()),
                    formatSize(r.size()), r.digest().toString()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].codePointCount(0, line[i].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                out.append(line[i]);
                if (i < line.length - 1) {
                    out.append(" ".repeat(widths[i] + PADDING - line[i].codePointCount(0, line[i].length())));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code 0 B}, {@code 123 B}, {@code 30.0 KiB}, {@code 1.5 MiB}: 1024-based, floored to one decimal. */
    public static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < UNITS.length - 1) {
            size /= 1024;
            unit++;
        }
        long tenths = (long) Math.floor(size * 10);
        return (tenths / 10) + "." + (tenths % 10) + " " + UNITS[unit];
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }
}
