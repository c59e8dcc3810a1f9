package dev.modelkit.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pack against what kit 1.10 wrote for the golden trees: every layer's media type, digest, size and
 * annotations in manifest order, and the config blob's digest and size (POM metadata off, as for kit parity).
 * Compressed layers must have the golden diffIds and decompress to the golden tar bytes.
 */
class PackerGoldenTest {

    @TempDir
    static Path trees;
    static JsonNode reference;

    @BeforeAll
    static void setUp() {
        Golden.buildTrees(trees);
        reference = Golden.reference();
    }

    static Stream<String> cases() {
        return Golden.CASES.stream();
    }

    static PackRequest request(Path context, Path out, Compression compression) {
        return new PackRequest(context.resolve("Kitfile"), context, List.of(context.resolve("target")),
                out.resolve("modelkit"), out.resolve("modelkit.tar"), out.resolve("modelkit.digest"),
                out.resolve("modelkit.json"), ArtifactFormat.MODELKIT, LayerFormat.TAR, compression, "golden",
                List.of("v1"), Optional.empty(), SymlinkPolicy.FOLLOW, null, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void uncompressedModelKitMatchesKit(String name, @TempDir Path out) throws Exception {
        PackResult result = new Packer(BuildLog.SILENT).pack(request(trees.resolve(name), out, Compression.NONE));
        JsonNode golden = reference.path("tarNone").path(name);

        List<Descriptor> layers = result.manifest().layers();
        JsonNode goldenLayers = golden.path("layers");
        assertThat(layers).hasSize(goldenLayers.size());
        for (int i = 0; i < layers.size(); i++) {
            JsonNode g = goldenLayers.get(i);
            Descriptor d = layers.get(i);
            assertThat(d.mediaType()).as("layer %d media type", i).isEqualTo(g.path("mediaType").asText());
            assertThat(d.digest().toString()).as("layer %d digest", i).isEqualTo(g.path("digest").asText());
            assertThat(d.size()).as("layer %d size", i).isEqualTo(g.path("size").asLong());
            assertThat(d.annotations()).as("layer %d annotations", i)
                    .isEqualTo(new ObjectMapper().convertValue(g.path("annotations"), Map.class));
            assertThat(result.layers().get(i).diffId()).isEqualTo(d.digest());
        }
        Descriptor config = result.manifest().config();
        assertThat(config.digest().toString()).isEqualTo(golden.path("configDigest").asText());
        assertThat(config.size()).isEqualTo(golden.path("configSize").asLong());
        assertThat(Files.readString(out.resolve("modelkit.digest")).trim())
                .isEqualTo(result.manifestDescriptor().digest().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compressedLayersKeepKitsDiffIdsAndDecompressToKitsTar(String name, @TempDir Path out) throws Exception {
        JsonNode golden = reference.path("tarNone").path(name).path("layers");
        for (Compression c : List.of(Compression.GZIP, Compression.GZIP_FASTEST, Compression.ZSTD)) {
            Path dir = out.resolve(c.kitName());
            PackResult result = new Packer(BuildLog.SILENT).pack(request(trees.resolve(name), dir, c));
            List<String> mediaTypes = new ArrayList<>();
            for (int i = 0; i < result.layers().size(); i++) {
                PackedLayer layer = result.layers().get(i);
                String goldenDigest = golden.get(i).path("digest").asText();
                assertThat(layer.diffId().toString()).as("%s layer %d diffId", c, i).isEqualTo(goldenDigest);
                Path blob = dir.resolve("modelkit/blobs/sha256").resolve(layer.descriptor().digest().hex());
                assertThat(Files.size(blob)).isEqualTo(layer.descriptor().size());
                assertThat(Digest.of(Files.readAllBytes(blob))).isEqualTo(layer.descriptor().digest());
                try (InputStream in = decompress(c, Files.newInputStream(blob))) {
                    assertThat(Digest.of(in.readAllBytes()).toString()).isEqualTo(goldenDigest);
                }
                mediaTypes.add(layer.descriptor().mediaType());
            }
            if (c != Compression.ZSTD) {
                List<String> goldenGzip = new ArrayList<>();
                reference.path("gzipMediaTypes").path(name).path("mediaTypes").forEach(n -> goldenGzip.add(n.asText()));
                assertThat(mediaTypes).isEqualTo(goldenGzip);
            } else {
                assertThat(mediaTypes).allMatch(m -> m.endsWith(".v1.tar+zstd"));
            }
        }
    }

    static InputStream decompress(Compression c, InputStream in) throws IOException {
        return switch (c) {
            case GZIP, GZIP_FASTEST -> new GZIPInputStream(in);
            case ZSTD -> new io.airlift.compress.zstd.ZstdInputStream(in);
            case NONE -> in;
        };
    }

    static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
