package dev.modelkit.unpack;

import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layouts that kit 1.10 itself exported (no manifest mediaType; its ModelPacks carry wrong diffIds) unpack to the
 * same files as our own ModelKits: the kit listings, byte-identical to the golden input trees.
 */
class KitLayoutsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        Golden.buildTrees(Files.createDirectories(dir.resolve("trees")));
        Path layouts = Files.createDirectories(dir.resolve("layouts"));
        Process p = new ProcessBuilder("tar", "-xzf", Golden.resource("golden/kit-1.10-layouts.tgz").toString(),
                "-C", layouts.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic-none", "basic-gzip", "basic-modelpack", "parts-none", "parts-gzip",
            "parts-modelpack", "sizes-none"})
    void unpacksKitsOwnLayouts(String layout, @TempDir Path out) throws Exception {
        String name = layout.substring(0, layout.indexOf('-'));
        RecordingLog log = new RecordingLog();
        UnpackResult result;
        try (OciLayoutReader reader = OciLayoutReader.open(dir.resolve("layouts").resolve(layout))) {
            result = new Unpacker(log).unpack(reader, new UnpackRequest(out, null, null));
        }
        Map<String, String> actual = Fixtures.tree(out);
        assertThat(actual.remove("Kitfile")).isNotNull();
        assertThat(actual).isEqualTo(RoundTripTest.expectedTree(name));
        Path context = dir.resolve("trees").resolve(name);
        for (String rel : actual.keySet()) {
            if (!rel.endsWith("/")) {
                assertThat(Files.readAllBytes(out.resolve(rel))).as(rel).isEqualTo(Files.readAllBytes(context.resolve(rel)));
            }
        }
        if (layout.endsWith("modelpack")) {
            assertThat(result.modelPack()).isTrue();
            // kit 1.10's ModelPack diffIds are wrong: every layer warns, none fails.
            assertThat(log.warnings()).hasSize(result.layers().size())
                    .allMatch(w -> w.contains("ModelPack config records diffId"));
        } else {
            assertThat(log.warnings()).isEmpty();
        }
    }
}
