package dev.modelkit.layer;

import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entry lists must equal what kit 1.10 wrote for the golden trees (kit-1.10-layer-listings.txt): same entries,
 * same order, same type, mode and size, for every layer of every case.
 */
class GoldenSelectionTest {

    /** Per case, the layer paths as the case's Kitfile writes them, in kit's manifest order (model, parts, code,
     * datasets, docs), which is also the order of the listing file's groups. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("basic", List.of("models/model.bin", ".", "data/train.csv", "README.md"));
        LAYERS.put("kitignore", List.of("."));
        LAYERS.put("long-names", List.of("data"));
        LAYERS.put("nested", List.of("models/llama"));
        LAYERS.put("overlap", List.of("main-dir", ".", "main-dir/subdir"));
        LAYERS.put("parts", List.of("./model", "./model/part1", "model/part2/", "./part3", "notes.txt"));
        LAYERS.put("path-formats", List.of("./test1", "test2", "test3/", "test4/single.txt",
                "test5/subdir/subdir2/", "test7/test7"));
        LAYERS.put("sizes", List.of("z"));
        LAYERS.put("unicode", List.of("données"));
    }

    @TempDir
    static Path trees;

    private static Map<String, List<List<String>>> golden;

    @BeforeAll
    static void buildTrees() {
        Golden.buildTrees(trees);
        golden = new LinkedHashMap<>();
        for (Golden.ListedLayer layer : Golden.listings()) {
            golden.computeIfAbsent(layer.caseName(), k -> new ArrayList<>())
                    .add(layer.entries().stream().map(Listing::line).toList());
        }
    }

    static Stream<String> cases() {
        return LAYERS.keySet().stream();
    }

    @Test
    void everyGoldenCaseIsCovered() {
        assertThat(golden.keySet()).containsExactlyInAnyOrderElementsOf(LAYERS.keySet());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void layersMatchKit(String name) throws IOException {
        Path context = trees.resolve(name);
        List<String> paths = LAYERS.get(name);
        RecordingLog log = new RecordingLog();
        LayerFileSelector selector = new LayerFileSelector(context, paths, KitIgnore.load(context),
                Set.of(context.resolve("Kitfile")), SymlinkPolicy.FOLLOW, log);

        List<List<String>> expected = golden.get(name);
        assertThat(expected).hasSameSizeAs(paths);
        for (int i = 0; i < paths.size(); i++) {
            List<LayerEntry> entries = selector.select(paths.get(i));
            assertThat(Listing.of(entries)).as("case %s layer %s", name, paths.get(i))
                    .containsExactlyElementsOf(expected.get(i));
            for (LayerEntry e : entries) {
                if (!e.isDirectory()) {
                    assertThat(e.source()).isEqualTo(context.resolve(e.name()));
                }
            }
        }
        assertThat(log.warnings()).isEmpty();
    }
}
