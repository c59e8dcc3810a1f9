package dev.modelkit.layer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Go sorts directory names as byte strings (filepath.Walk reads names with os.ReadDir, which sorts by string,
 * i.e. by UTF-8 bytes). Java's String order compares UTF-16 units, which disagrees for characters beyond U+FFFF
 * against U+E000..U+FFFF, so names are compared as unsigned UTF-8 bytes here.
 */
final class Utf8NameOrder {

    private Utf8NameOrder() {
    }

    private record Key(String name, byte[] utf8) {
    }

    private static final Comparator<Key> BY_BYTES = (a, b) -> Arrays.compareUnsigned(a.utf8, b.utf8);

    /** The names in Go's order; the input is left unchanged. */
    static List<String> sort(List<String> names) {
        return names.stream()
                .map(n -> new Key(n, n.getBytes(StandardCharsets.UTF_8)))
                .sorted(BY_BYTES)
                .map(Key::name)
                .toList();
    }
}
