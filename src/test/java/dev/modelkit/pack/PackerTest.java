package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.oci.Digest;
import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pack behaviour beyond kit parity: reproducibility, outputs, external readers, failures. */
class PackerTest {

    @TempDir
    Path dir;

    private Path basic() {
        Golden.buildTrees(dir.resolve("trees"));
        return dir.resolve("trees/basic");
    }

    private static PackRequest request(Path context, Path out, Compression c, Optional<Instant> time) {
        return new PackRequest(context.resolve("Kitfile"), context, List.of(context.resolve("target")),
                out.resolve("modelkit"), out.resolve("x-modelkit.tar"), out.resolve("modelkit.digest"),
                out.resolve("modelkit.json"), ArtifactFormat.MODELKIT, LayerFormat.TAR, c, "basic",
                List.of("1.0.0", "latest"), time, SymlinkPolicy.FOLLOW, null, Map.of());
    }

    @Test
    void sameInputsGiveTheSameDigestAndArchiveWhateverTheFileTimes() throws Exception {
        Path context = basic();
        Optional<Instant> time = Optional.of(Instant.parse("2026-01-01T00:00:00Z"));
        PackResult first = new Packer(BuildLog.SILENT).pack(request(context, dir.resolve("a"), Compression.GZIP, time));
        try (Stream<Path> files = Files.walk(context)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(3600)));
            }
        }
        PackResult second = new Packer(BuildLog.SILENT).pack(request(context, dir.resolve("b"), Compression.GZIP, time));
        assertThat(second.manifestDescriptor().digest()).isEqualTo(first.manifestDescriptor().digest());
        assertThat(Files.readAllBytes(dir.resolve("b/x-modelkit.tar")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a/x-modelkit.tar")));
        assertThat(second.manifest().annotations())
                .containsEntry("org.opencontainers.image.created", "2026-01-01T00:00:00Z");
    }

    @Test
    void withoutAnOutputTimestampNoTimeIsRecorded() throws Exception {
        PackResult r = new Packer(BuildLog.SILENT).pack(request(basic(), dir.resolve("o"), Compression.NONE,
                Optional.empty()));
        assertThat(r.manifest().annotations()).doesNotContainKey("org.opencontainers.image.created");
    }

    @Test
    void writesTheLayoutIndexPerTagAndTheSummaryFiles() throws Exception {
        PackResult r = new Packer(BuildLog.SILENT).pack(request(basic(), dir.resolve("o"), Compression.NONE,
                Optional.empty()));
        String index = Files.readString(dir.resolve("o/modelkit/index.json"));
        String digest = r.manifestDescriptor().digest().toString();
        assertThat(index).contains("\"org.opencontainers.image.ref.name\":\"1.0.0\"")
                .contains("\"org.opencontainers.image.ref.name\":\"latest\"");
        assertThat(Files.readString(dir.resolve("o/modelkit.digest"))).isEqualTo(digest + "\n");
        String json = Files.readString(dir.resolve("o/modelkit.json"));
        assertThat(json).contains("\"reference\" : \"basic:1.0.0\"").contains("\"digest\" : \"" + digest + "\"")
                .contains("\"path\" : \"models/model.bin\"").contains("\"diffId\"");
        Path manifest = dir.resolve("o/modelkit/blobs/sha256").resolve(r.manifestDescriptor().digest().hex());
        assertThat(Digest.of(Files.readAllBytes(manifest))).isEqualTo(r.manifestDescriptor().digest());
        assertThat(Files.readString(manifest)).startsWith(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"artifactType\":\"application/vnd.kitops.modelkit.manifest.v1+json\"");
        try (Stream<Path> s = Files.list(dir.resolve("o"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("modelkit", "modelkit-cache", "x-modelkit.tar", "modelkit.digest",
                            "modelkit.json");
        }
    }

    /**
     * Uncompressed layers copy big files by the kernel (DirectBlobStream); compressed ones stream every file through
     * the tar writer. Both must be the same tar: each uncompressed blob is byte for byte what its gzip twin holds.
     */
    @Test
    void anUncompressedLayerIsTheTarItsGzipTwinHolds() throws Exception {
        Path context = basic();
        byte[] big = new byte[3 * 1024 * 1024 + 5];
        new java.util.Random(9).nextBytes(big);
        try (Stream<Path> files = Files.walk(context)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.endsWith("Kitfile"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                Files.write(p, big); // every file big enough for the kernel copy, each layer's tar its own
                big[0]++;
            }
        }
        PackResult plain = new Packer(BuildLog.SILENT).pack(request(context, dir.resolve("n"), Compression.NONE,
                Optional.empty()));
        PackResult gzip = new Packer(BuildLog.SILENT).pack(request(context, dir.resolve("g"), Compression.GZIP,
                Optional.empty()));
        assertThat(plain.layers()).hasSameSizeAs(gzip.layers()).isNotEmpty();
        for (int i = 0; i < plain.layers().size(); i++) {
            Digest digest = plain.layers().get(i).descriptor().digest();
            assertThat(digest).isEqualTo(gzip.layers().get(i).diffId());
            Path blob = dir.resolve("n/modelkit/blobs/sha256").resolve(digest.hex());
            Path twin = dir.resolve("g/modelkit/blobs/sha256").resolve(gzip.layers().get(i).descriptor().digest().hex());
            assertThat(run("gzip -dc " + twin + " | cmp - " + blob + " && echo same")).isEqualTo("same\n");
            assertThat(Files.size(blob)).isGreaterThan(big.length);
        }
    }

    @Test
    void gnuTarGzipAndZstdReadTheLayersAndTheArchive() throws Exception {
        Path context = basic();
        for (Compression c : List.of(Compression.NONE, Compression.GZIP, Compression.ZSTD)) {
            Path out = dir.resolve(c.kitName());
            PackResult r = new Packer(BuildLog.SILENT).pack(request(context, out, c, Optional.empty()));
            for (PackedLayer layer : r.layers()) {
                Path blob = out.resolve("modelkit/blobs/sha256").resolve(layer.descriptor().digest().hex());
                String plain = switch (c) {
                    case GZIP, GZIP_FASTEST -> run("gzip -dc " + blob + " | sha256sum");
                    case ZSTD -> run("zstd -dcq " + blob + " | sha256sum");
                    case NONE -> run("sha256sum < " + blob);
                };
                assertThat("sha256:" + plain.substring(0, 64)).isEqualTo(layer.diffId().toString());
                String flag = switch (c) {
                    case GZIP, GZIP_FASTEST -> "--gzip ";
                    case ZSTD -> "--zstd ";
                    case NONE -> "";
                };
                assertThat(run("tar " + flag + "-tf " + blob + " >/dev/null && echo ok")).isEqualTo("ok\n");
            }
            String listing = run("tar -tf " + out.resolve("x-modelkit.tar"));
            assertThat(listing).contains("oci-layout\n", "index.json\n",
                    "blobs/sha256/" + r.manifestDescriptor().digest().hex() + "\n");
        }
    }

    @Test
    void aMissingPathFailsAndLeavesNoOutputs() throws Exception {
        Path context = basic();
        Path out = dir.resolve("o");
        new Packer(BuildLog.SILENT).pack(request(context, out, Compression.NONE, Optional.empty()));
        Files.delete(context.resolve("README.md"));
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT).pack(request(context, out, Compression.NONE,
                Optional.empty()))).hasMessageContaining("README.md");
        assertThat(out.resolve("modelkit.digest")).doesNotExist();
        assertThat(out.resolve("modelkit.json")).doesNotExist();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".modelkit"));
        }
    }

    /**
     * Without a teed archive (compressed layers) each layer is planned just before it is written, so a path found
     * missing can stop a layer already being written: it is stopped and waited for, and nothing is left behind.
     */
    @Test
    void aPathFoundMissingWhileAnEarlierLayerIsWrittenLeavesNoOutputs() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx/models"));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(context.resolve("big.bin").toFile(), "rw")) {
            f.setLength(256L * 1024 * 1024); // sparse: quick to read, long enough to be still written
        }
        Files.writeString(context.resolveSibling("Kitfile"), """
                manifestVersion: 1.0.0
                model:
                  path: models/big.bin
                code:
                  - path: src/missing
                """);
        Path out = dir.resolve("o");
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT).pack(request(context.getParent(), out, Compression.GZIP,
                Optional.empty()))).hasMessageContaining("src/missing");
        assertThat(out.resolve("modelkit.digest")).doesNotExist();
        assertThat(out.resolve("modelkit")).doesNotExist();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".modelkit"));
        }
    }

    @Test
    void aMissingKitfileIsNamed() {
        Path context = dir.resolve("empty");
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT).pack(request(context, dir.resolve("o"),
                Compression.NONE, Optional.empty())))
                .isInstanceOf(PackException.class).hasMessageContaining("Kitfile").hasMessageContaining("does not exist");
    }

    @Test
    void aPathLeavingTheContextFails() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("outside.txt"), "x");
        Files.writeString(context.resolve("Kitfile"), "manifestVersion: 1.0.0\ncode:\n  - path: ../outside.txt\n");
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT).pack(request(context, dir.resolve("o"),
                Compression.NONE, Optional.empty())))
                .hasMessageContaining("outside the context");
    }

    static String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
        return out;
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}
