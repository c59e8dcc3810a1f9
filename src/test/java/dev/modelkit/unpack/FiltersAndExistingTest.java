package dev.modelkit.unpack;

import dev.modelkit.layer.Compression;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.pack.PackResult;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kit's --filter semantics and the overwrite / ignore-existing rules, on the golden "basic" case. */
class FiltersAndExistingTest {

    @TempDir
    static Path dir;
    static Path layout;

    @BeforeAll
    static void setUp() throws Exception {
        Golden.buildTrees(Files.createDirectories(dir.resolve("trees")));
        PackResult packed = Fixtures.pack(dir.resolve("trees/basic"), dir.resolve("packed"), Compression.GZIP);
        layout = packed.layoutDirectory();
    }

    static List<String> unpack(Path out, ExistingFiles existing, String... filters) throws Exception {
        try (OciLayoutReader reader = OciLayoutReader.open(layout)) {
            new Unpacker(new RecordingLog()).unpack(reader, new UnpackRequest(out,
                    Arrays.stream(filters).map(UnpackFilter::parse).toList(), existing));
        }
        return Fixtures.names(out).stream().filter(n -> !n.endsWith("/")).toList();
    }

    @Test
    void modelOnlyWritesNoKitfile(@TempDir Path out) throws Exception {
        assertThat(unpack(out, null, "model")).containsExactly("models/model.bin");
    }

    @Test
    void kitfileOnly(@TempDir Path out) throws Exception {
        assertThat(unpack(out, null, "kitfile")).containsExactly("Kitfile");
    }

    @Test
    void idsMatchNameOrPathExactly(@TempDir Path out) throws Exception {
        assertThat(unpack(out.resolve("a"), null, "datasets:train")).containsExactly("data/train.csv");
        assertThat(unpack(out.resolve("b"), null, "datasets:data/train.csv")).containsExactly("data/train.csv");
        assertThat(unpack(out.resolve("c"), null, "docs:./README.md")).isEmpty();
        assertThat(unpack(out.resolve("d"), null, "model,docs:README.md")).containsExactly("README.md");
        assertThat(unpack(out.resolve("e"), null, "model:tiny", "kitfile"))
                .containsExactly("Kitfile", "models/model.bin");
    }

    @Test
    void invalidFilters() {
        assertThatThrownBy(() -> UnpackFilter.parse("model:a:b")).hasMessageContaining("more than one ':'");
        assertThatThrownBy(() -> UnpackFilter.parse("weights")).hasMessageContaining("unknown type 'weights'");
    }

    @Test
    void existingFiles(@TempDir Path out) throws Exception {
        unpack(out, null);
        assertThatThrownBy(() -> unpack(out, null)).isInstanceOf(UnpackException.class)
                .hasMessageContaining("path 'models/model.bin' already exists");
        Files.writeString(out.resolve("README.md"), "mine");
        unpack(out, ExistingFiles.IGNORE, "docs");
        assertThat(out.resolve("README.md")).hasContent("mine");
        unpack(out, ExistingFiles.OVERWRITE);
        assertThat(out.resolve("README.md")).hasContent(Files.readString(dir.resolve("trees/basic/README.md")));
    }

    @Test
    void differentKitfileIsAnErrorBeforeAnythingIsWritten(@TempDir Path out) throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("Kitfile"), "manifestVersion: 0.1\n");
        assertThatThrownBy(() -> unpack(out, null)).hasMessageContaining("Kitfile")
                .hasMessageContaining("already exists");
        assertThat(Fixtures.names(out)).containsExactly("Kitfile");
    }
}
