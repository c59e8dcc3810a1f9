package dev.modelkit.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.KitfileJson;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Raw layers and ModelPack output on a sharded model (three safetensors shards, config and tokenizer files, one
 * Kitfile entry each): every combination of format, layer format and compression the spec allows.
 */
class ModelPackAndRawTest {

    static final Instant TIME = Instant.parse("2026-03-04T05:06:07Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path model;
    static JsonSchema schema;

    static final List<String> FILES = List.of("weights/model-00001-of-00003.safetensors",
            "weights/model-00002-of-00003.safetensors", "weights/model-00003-of-00003.safetensors",
            "weights/config.json", "weights/tokenizer.json", "README.md");

    @BeforeAll
    static void setUp() throws IOException {
        model = Files.createDirectories(work.resolve("sharded"));
        Random random = new Random(42);
        for (String f : FILES) {
            Path p = model.resolve(f);
            Files.createDirectories(p.getParent());
            byte[] content = new byte[f.endsWith(".safetensors") ? 200_000 + random.nextInt(1000) : 300];
            random.nextBytes(content);
            Files.write(p, content);
        }
        Files.writeString(model.resolve("Kitfile"), """
                manifestVersion: 1.0.0
                package:
                  name: sharded
                  version: 2.0.1
                  authors: [Ada, Grace]
                  license: Apache-2.0
                model:
                  name: sharded
                  path: weights/model-00001-of-00003.safetensors
                  format: safetensors
                  license: MIT
                  parameters:
                    paramSize: 8B
                    precision: bfloat16
                  parts:
                    - path: weights/model-00002-of-00003.safetensors
                    - path: weights/model-00003-of-00003.safetensors
                    - {path: weights/config.json, type: config}
                    - {path: weights/tokenizer.json, type: tokenizer, license: MIT}
                docs:
                  - path: README.md
                """);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(Golden.resource("model-spec/config-schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
        }
    }

    static PackRequest request(Path context, Path out, ArtifactFormat format, LayerFormat layerFormat,
                               Compression compression, Optional<Instant> time, Map<String, String> annotations) {
        return new PackRequest(context.resolve("Kitfile"), context, List.of(), out.resolve("modelkit"),
                out.resolve("m.tar"), out.resolve("modelkit.digest"), out.resolve("modelkit.json"), format,
                layerFormat, compression, "sharded", List.of("v1"), time, SymlinkPolicy.FOLLOW, null, annotations);
    }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (ArtifactFormat f : ArtifactFormat.values()) {
            for (LayerFormat l : LayerFormat.values()) {
                for (Compression c : List.of(Compression.NONE, Compression.GZIP, Compression.ZSTD)) {
                    if (!(f == ArtifactFormat.MODELPACK && l == LayerFormat.RAW && c != Compression.NONE)) {
                        all.add(Arguments.of(f, l, c));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("combinations")
    void packsEveryAllowedCombination(ArtifactFormat format, LayerFormat layerFormat, Compression compression,
                                      @TempDir Path out) throws Exception {
        PackResult r = new Packer(BuildLog.SILENT).pack(request(model, out, format, layerFormat, compression,
                Optional.of(TIME), Map.of("org.opencontainers.image.source", "https://example.com/scm/sharded.git")));
        List<Descriptor> layers = r.manifest().layers();
        assertThat(layers).hasSize(6);
        String prefix = format == ArtifactFormat.MODELKIT ? "application/vnd.kitops.modelkit." : "application/vnd.cncf.model.";
        List<String> kinds = format == ArtifactFormat.MODELKIT
                ? List.of("model", "modelpart", "modelpart", "modelpart", "modelpart", "docs")
                : List.of("weight", "weight", "weight", "weight.config", "weight.config", "doc");
        for (int i = 0; i < 6; i++) {
            Descriptor d = layers.get(i);
            assertThat(d.mediaType()).isEqualTo(prefix + kinds.get(i) + ".v1." + layerFormat.mediaTypeWord()
                    + compression.mediaTypeSuffix());
            assertThat(d.annotations()).containsEntry("org.cncf.model.filepath", FILES.get(i));
            Path blob = out.resolve("modelkit/blobs/sha256").resolve(d.digest().hex());
            assertThat(Digest.of(Files.readAllBytes(blob))).isEqualTo(d.digest());
            assertThat(Files.size(blob)).isEqualTo(d.size());
            Digest diffId = r.layers().get(i).diffId();
            if (compression == Compression.NONE) {
                assertThat(diffId).isEqualTo(d.digest());
            }
            if (layerFormat == LayerFormat.RAW) {
                // A raw layer's diffId is the file's own sha256, as sha256sum computes it.
                assertThat(diffId.toString()).isEqualTo("sha256:" + PackerTest.run("sha256sum " + model.resolve(FILES.get(i))).substring(0, 64));
                JsonNode meta = JSON.readTree(d.annotations().get("org.cncf.model.file.metadata+json"));
                String base = FILES.get(i).substring(FILES.get(i).lastIndexOf('/') + 1);
                assertThat(meta.toString()).isEqualTo("{\"name\":\"" + base + "\",\"mode\":420,\"uid\":0,\"gid\":0,\"size\":"
                        + Files.size(model.resolve(FILES.get(i))) + ",\"mtime\":\"2026-03-04T05:06:07Z\",\"typeflag\":0}");
            } else {
                assertThat(d.annotations()).doesNotContainKey("org.cncf.model.file.metadata+json");
            }
        }
        byte[] configBlob = Files.readAllBytes(out.resolve("modelkit/blobs/sha256").resolve(r.manifest().config().digest().hex()));
        if (format == ArtifactFormat.MODELPACK) {
            assertThat(r.manifest().artifactType()).isEqualTo("application/vnd.cncf.model.manifest.v1+json");
            assertThat(r.manifest().config().mediaType()).isEqualTo("application/vnd.cncf.model.config.v1+json");
            assertValidModelPackConfig(configBlob);
            JsonNode config = JSON.readTree(configBlob);
            List<String> diffIds = new ArrayList<>();
            config.path("modelfs").path("diffIds").forEach(n -> diffIds.add(n.asText()));
            assertThat(diffIds).isEqualTo(r.layers().stream().map(l -> l.diffId().toString()).toList());
            assertThat(config.path("descriptor").path("createdAt").asText()).isEqualTo("2026-03-04T05:06:07Z");
            assertThat(config.path("descriptor").path("licenses").toString()).isEqualTo("[\"Apache-2.0\",\"MIT\"]");
            assertThat(config.path("descriptor").path("sourceURL").asText()).isEqualTo("https://example.com/scm/sharded.git");
            assertThat(config.path("config").toString())
                    .isEqualTo("{\"format\":\"safetensors\",\"paramSize\":\"8B\",\"precision\":\"bfloat16\"}");
            var kitfile = KitfileJson.read(r.manifest().annotations().get("ml.kitops.modelkit.kitfile")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(kitfile.model().layerInfo().digest()).isEqualTo(layers.get(0).digest().toString());
        } else {
            assertThat(r.manifest().artifactType()).isEqualTo("application/vnd.kitops.modelkit.manifest.v1+json");
            var kitfile = KitfileJson.read(configBlob);
            assertThat(kitfile.model().layerInfo().diffId()).isEqualTo(r.layers().get(0).diffId().toString());
        }
    }

    @Test
    void modelPackAndModelKitShareLayerBlobs(@TempDir Path out) throws Exception {
        for (LayerFormat l : LayerFormat.values()) {
            PackResult kit = new Packer(BuildLog.SILENT).pack(request(model, out.resolve("k" + l), ArtifactFormat.MODELKIT,
                    l, Compression.NONE, Optional.empty(), Map.of()));
            PackResult pack = new Packer(BuildLog.SILENT).pack(request(model, out.resolve("p" + l), ArtifactFormat.MODELPACK,
                    l, Compression.NONE, Optional.empty(), Map.of()));
            assertThat(pack.manifest().layers().stream().map(Descriptor::digest).toList())
                    .isEqualTo(kit.manifest().layers().stream().map(Descriptor::digest).toList());
        }
    }

    @Test
    void goldenModelPacksHaveKitsLayersAndAValidConfig(@TempDir Path out) throws Exception {
        Path trees = Golden.buildTrees(out.resolve("trees"));
        JsonNode golden = Golden.reference().path("modelPack");
        for (String name : List.of("basic", "parts")) {
            PackResult r = new Packer(BuildLog.SILENT).pack(request(trees.resolve(name), out.resolve(name),
                    ArtifactFormat.MODELPACK, LayerFormat.TAR, Compression.NONE, Optional.empty(), Map.of()));
            JsonNode g = golden.path(name);
            assertThat(r.manifest().artifactType()).isEqualTo(g.path("artifactType").asText());
            assertThat(r.manifest().config().mediaType()).isEqualTo(g.path("configMediaType").asText());
            for (int i = 0; i < g.path("layers").size(); i++) {
                JsonNode gl = g.path("layers").get(i);
                Descriptor d = r.manifest().layers().get(i);
                assertThat(d.mediaType()).isEqualTo(gl.path("mediaType").asText());
                assertThat(d.digest().toString()).isEqualTo(gl.path("digest").asText());
                assertThat(d.annotations()).isEqualTo(JSON.convertValue(gl.path("annotations"), Map.class));
            }
            assertThat(r.manifest().annotations()).containsKey("ml.kitops.modelkit.kitfile");
            assertValidModelPackConfig(Files.readAllBytes(out.resolve(name).resolve("modelkit/blobs/sha256")
                    .resolve(r.manifest().config().digest().hex())));
        }
    }

    @Test
    void theSchemaCheckCanFail() {
        assertThat(schema.validate(JSON.valueToTree(Map.of("descriptor", Map.of("createdAt", "2025/01/01T00:00:00Z"),
                "config", Map.of(), "modelfs", Map.of("type", "layers", "diffIds", List.of("sha256:x"))))))
                .isNotEmpty();
        assertThat(schema.validate(JSON.valueToTree(Map.of("descriptor", Map.of(), "config", Map.of(),
                "modelfs", Map.of("type", "layers", "diffIds", List.of())))))
                .isNotEmpty();
    }

    @Test
    void rawWithCompressionIsRefusedForModelPackBeforeAnyWork(@TempDir Path out) {
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT).pack(request(model, out, ArtifactFormat.MODELPACK,
                LayerFormat.RAW, Compression.ZSTD, Optional.empty(), Map.of())))
                .isInstanceOf(PackException.class)
                .hasMessageContaining("compression=zstd with layerFormat=raw is not allowed for format=modelpack");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void aFolderAsARawLayerPointsToPerFileEntries(@TempDir Path dir) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx/weights"));
        Files.writeString(ctx.resolve("a.bin"), "x");
        Files.writeString(dir.resolve("ctx/Kitfile"), "manifestVersion: 1.0.0\nmodel:\n  path: weights\n");
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT).pack(request(dir.resolve("ctx"), dir.resolve("out"),
                ArtifactFormat.MODELKIT, LayerFormat.RAW, Compression.NONE, Optional.empty(), Map.of())))
                .hasMessageContaining("model path weights is a folder").hasMessageContaining("modelkit:init");
    }

    @Test
    void rawModelPackIsReproducibleAfterTouchingTheFiles(@TempDir Path out) throws Exception {
        PackResult first = new Packer(BuildLog.SILENT).pack(request(model, out.resolve("a"), ArtifactFormat.MODELPACK,
                LayerFormat.RAW, Compression.NONE, Optional.of(TIME), Map.of()));
        try (Stream<Path> files = Files.walk(model)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(7200)));
            }
        }
        PackResult second = new Packer(BuildLog.SILENT).pack(request(model, out.resolve("b"), ArtifactFormat.MODELPACK,
                LayerFormat.RAW, Compression.NONE, Optional.of(TIME), Map.of()));
        assertThat(second.manifestDescriptor().digest()).isEqualTo(first.manifestDescriptor().digest());
        assertThat(Files.readAllBytes(out.resolve("b/m.tar"))).isEqualTo(Files.readAllBytes(out.resolve("a/m.tar")));
    }

    @Test
    void independentCheckersAcceptRawModelPackAndZstdModelKit(@TempDir Path out) throws Exception {
        new Packer(BuildLog.SILENT).pack(request(model, out.resolve("mp"), ArtifactFormat.MODELPACK, LayerFormat.RAW,
                Compression.NONE, Optional.of(TIME), Map.of()));
        new Packer(BuildLog.SILENT).pack(request(model, out.resolve("mk"), ArtifactFormat.MODELKIT, LayerFormat.TAR,
                Compression.ZSTD, Optional.of(TIME), Map.of()));
        for (String layout : List.of("mp/modelkit", "mk/modelkit", "mp/m.tar")) {
            String report = PackerTest.run("bash .ci/oci/check-layout.sh " + out.resolve(layout) + " v1");
            assertThat(report).contains("check-layout: ").contains(" 0 failed").doesNotContain("FAIL");
        }
    }

    static void assertValidModelPackConfig(byte[] config) throws IOException {
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(config));
        assertThat(errors).as(new String(config, StandardCharsets.UTF_8)).isEmpty();
    }
}
