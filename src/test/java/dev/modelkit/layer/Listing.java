package dev.modelkit.layer;

import dev.modelkit.testing.Golden;

import java.util.List;

/** Entries in a comparable text form: "d 0755 0 name" / "- 0644 24 name" (type, octal mode, size, name). */
final class Listing {

    private Listing() {
    }

    static List<String> of(List<LayerEntry> entries) {
        return entries.stream().map(Listing::line).toList();
    }

    static String line(LayerEntry e) {
        return (e.isDirectory() ? "d" : "-") + " " + String.format("%04o", e.mode()) + " " + e.size() + " " + e.name();
    }

    /** A golden listing's entry in the same form, to compare with {@link #of}. */
    static String line(Golden.ListedEntry e) {
        return (e.directory() ? "d" : "-") + " " + String.format("%04o", e.mode()) + " " + e.size() + " " + e.name();
    }

    static List<String> names(List<LayerEntry> entries) {
        return entries.stream().map(LayerEntry::name).toList();
    }
}
