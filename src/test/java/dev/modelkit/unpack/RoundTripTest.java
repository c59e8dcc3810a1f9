package dev.modelkit.unpack;

import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.KitfileReader;
import dev.modelkit.layer.Compression;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.pack.PackResult;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every golden case packed with every compression unpacks, from the layout folder and from the archive, to exactly
 * the files and folders kit's layers hold (kit 1.10's listings), byte-identical to the input tree, with the listed
 * modes; the Kitfile written reads back as the packed one.
 */
class RoundTripTest {

    @TempDir
    static Path trees;

    @BeforeAll
    static void setUp() {
        Golden.buildTrees(trees);
    }

    static Stream<Arguments> cases() {
        return Golden.CASES.stream().flatMap(c -> Stream.of(Compression.values()).map(z -> Arguments.of(c, z)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void unpacksToTheInputFiles(String name, Compression compression, @TempDir Path dir) throws Exception {
        Path context = trees.resolve(name);
        PackResult packed = Fixtures.pack(context, dir.resolve("packed"), compression);
        Map<String, String> expected = expectedTree(name);
        Kitfile original = new KitfileReader().read(context.resolve("Kitfile"));
        // The layout and the archive are local files (two-thread path for uncompressed layers); the streamed layout
        // stands in for a registry (one-stream path).
        for (String from : List.of("layout", "archive", "streamed")) {
            Path source = from.equals("archive") ? packed.archiveFile() : packed.layoutDirectory();
            Path out = dir.resolve("out-" + from);
            UnpackResult result;
            try (ArtifactSource reader = from.equals("streamed") ? Fixtures.streamOnly(OciLayoutReader.open(source))
                    : OciLayoutReader.open(source)) {
                result = new Unpacker(new RecordingLog()).unpack(reader, new UnpackRequest(out, null, null));
            }
            assertThat(result.manifestDigest()).isEqualTo(packed.manifestDescriptor().digest());
            Map<String, String> actual = Fixtures.tree(out);
            assertThat(actual.remove("Kitfile")).isNotNull();
            assertThat(actual).as("%s from %s", name, source).isEqualTo(expected);
            for (String rel : actual.keySet()) {
                if (!rel.endsWith("/")) {
                    assertThat(Files.readAllBytes(out.resolve(rel))).as(rel)
                            .isEqualTo(Files.readAllBytes(context.resolve(rel)));
                }
            }
            Kitfile written = new KitfileReader().read(out.resolve("Kitfile"));
            assertThat(written.layerElements()).isEqualTo(original.layerElements());
            assertThat(written.pkg()).isEqualTo(original.pkg());
        }
    }

    /** The union of kit's layer listings for the case: folders end in '/', files carry their mode. */
    static Map<String, String> expectedTree(String name) {
        Map<String, String> out = new TreeMap<>();
        for (Golden.ListedLayer layer : Golden.listings(name)) {
            for (Golden.ListedEntry e : layer.entries()) {
                if (e.directory()) {
                    out.put(e.name() + "/", "dir");
                } else {
                    out.put(e.name(), "file " + (e.mode() & 0777));
                }
            }
        }
        return out;
    }
}
