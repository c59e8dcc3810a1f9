package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.OciArchiveWriter;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The archive written alongside the layout (compression=none): byte-identical to {@link OciArchiveWriter}'s copy of
 * the finished layout, readable by GNU tar and {@link OciLayoutReader}, right after a partial rebuild, and never
 * left half-written. Each pack's debug lines are checked so a silent fall back to the copy cannot pass as a tee.
 */
class ArchiveTeeTest {

    static final Instant TIME = Instant.parse("2026-05-06T07:08:09Z");
    static final String FALLBACK = "copied from the layout";

    @TempDir
    static Path work;
    static Path trees;
    static Path model;

    /** These archives are far below the kernel's dirty-page limit: make them take the path big ones take. */
    static final String UNCACHED = "modelkit.archive.uncached";

    @AfterAll
    static void tearDown() {
        System.clearProperty(UNCACHED);
    }

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty(UNCACHED, "always");
        trees = Golden.buildTrees(work.resolve("trees"));
        model = Files.createDirectories(work.resolve("model"));
        Random random = new Random(7);
        for (String f : List.of("weights/model.safetensors", "weights/config.json", "README.md",
                "docs/" + "é".repeat(60) + ".md", "docs/" + "d".repeat(120) + "/notes.md")) {
            Path p = model.resolve(f);
            Files.createDirectories(p.getParent());
            // the weights are big enough to be copied by the kernel into the blob (DirectBlobStream) and to fill one
            // of the archive region's buffers and part of a second, written around the page cache (UncachedWrites)
            byte[] content = new byte[f.endsWith(".safetensors") ? 9_300_001 : 700 + f.length()];
            random.nextBytes(content);
            Files.write(p, content);
        }

        Files.writeString(model.resolve("Kitfile"), """
                manifestVersion: 1.0.0
                package:
                  name: tee
                model:
                  name: tee
                  path: weights/model.safetensors
                  parts:
                    - {path: weights/config.json, type: config}
                docs:
                  - path: README.md
                  - path: docs/%s.md
                  - path: docs/%s/notes.md
                """.formatted("é".repeat(60), "d".repeat(120)), StandardCharsets.UTF_8);
    }

    /** Whether the packer fell back from the tee to copying the finished layout (it says so at debug level). */
    static boolean fellBack(RecordingLog log) {
        return log.debugs().stream().anyMatch(l -> l.contains(FALLBACK));
    }

    static PackRequest request(Path context, Path out, ArtifactFormat format, LayerFormat layerFormat,
                               Optional<Instant> time) {
        return new PackRequest(context.resolve("Kitfile"), context, List.of(), out.resolve("modelkit"),
                out.resolve("m.tar"), out.resolve("modelkit.digest"), out.resolve("modelkit.json"), format,
                layerFormat, Compression.NONE, "tee", List.of("v1", "latest"), time, SymlinkPolicy.FOLLOW, null,
                Map.of());
    }

    static PackResult pack(PackRequest request, RecordingLog log) throws Exception {
        return new Packer(log).pack(request);
    }

    static Stream<String> goldenCases() {
        return Golden.CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void goldenCasesGiveTheCopiedArchiveAndGnuTarAndTheReaderAgree(String name, @TempDir Path out) throws Exception {
        RecordingLog log = new RecordingLog();
        PackResult r = pack(request(trees.resolve(name), out, ArtifactFormat.MODELKIT, LayerFormat.TAR,
                Optional.empty()), log);
        assertThat(fellBack(log)).as("teed, not copied").isFalse();
        assertSameAsCopy(out, 0);
        assertGnuTarReadsIt(r, out);
        assertReaderReadsIt(r, out.resolve("m.tar"));
    }

    static Stream<Arguments> formats() {
        return Stream.of(Arguments.of(ArtifactFormat.MODELKIT, LayerFormat.TAR),
                Arguments.of(ArtifactFormat.MODELKIT, LayerFormat.RAW),
                Arguments.of(ArtifactFormat.MODELPACK, LayerFormat.TAR),
                Arguments.of(ArtifactFormat.MODELPACK, LayerFormat.RAW));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formats")
    void rawAndModelPackLayersGiveTheCopiedArchive(ArtifactFormat format, LayerFormat layerFormat, @TempDir Path out)
            throws Exception {
        RecordingLog log = new RecordingLog();
        PackResult r = pack(request(model, out, format, layerFormat, Optional.of(TIME)), log);
        assertThat(r.layers()).hasSize(5);
        assertThat(fellBack(log)).isFalse();
        assertSameAsCopy(out, TIME.getEpochSecond());
        assertGnuTarReadsIt(r, out);
        assertReaderReadsIt(r, out.resolve("m.tar"));
    }

    @Test
    void aRebuildWithOneChangedFileGivesTheColdBuildsArchive(@TempDir Path dir) throws Exception {
        Path context = copyOf(model, dir.resolve("ctx"));
        Path out = dir.resolve("out");
        pack(request(context, out, ArtifactFormat.MODELKIT, LayerFormat.TAR, Optional.of(TIME)), new RecordingLog());
        Files.writeString(context.resolve("README.md"), "changed", StandardOpenOption.APPEND);
        RecordingLog log = new RecordingLog();
        pack(request(context, out, ArtifactFormat.MODELKIT, LayerFormat.TAR, Optional.of(TIME)), log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).singleElement().asString().contains("README.md");
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Unchanged")).hasSize(4);
        assertThat(fellBack(log)).isFalse();

        Path cold = dir.resolve("cold");
        pack(request(context, cold, ArtifactFormat.MODELKIT, LayerFormat.TAR, Optional.of(TIME)), new RecordingLog());
        assertThat(Files.readAllBytes(out.resolve("m.tar"))).isEqualTo(Files.readAllBytes(cold.resolve("m.tar")));
        assertSameAsCopy(out, TIME.getEpochSecond());
        assertNoTemporaryFiles(out);
    }

    @Test
    void anUnchangedRebuildKeepsTheArchiveFile(@TempDir Path out) throws Exception {
        pack(request(model, out, ArtifactFormat.MODELKIT, LayerFormat.RAW, Optional.empty()), new RecordingLog());
        Path archive = out.resolve("m.tar");
        Object key = Files.readAttributes(archive, BasicFileAttributes.class).fileKey();
        long modified = Files.getLastModifiedTime(archive).toMillis();
        pack(request(model, out, ArtifactFormat.MODELKIT, LayerFormat.RAW, Optional.empty()), new RecordingLog());
        assertThat(Files.readAttributes(archive, BasicFileAttributes.class).fileKey()).isEqualTo(key);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).isEqualTo(modified);
        assertNoTemporaryFiles(out);

        Files.delete(archive); // gone: made again, every layer from the cache copied into its place
        RecordingLog log = new RecordingLog();
        PackResult r = pack(request(model, out, ArtifactFormat.MODELKIT, LayerFormat.RAW, Optional.empty()), log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Unchanged")).hasSize(5);
        assertThat(fellBack(log)).isFalse();
        assertSameAsCopy(out, 0);
        assertReaderReadsIt(r, archive);
    }

    @Test
    void manySmallFilesInOneLayerGiveTheCopiedArchive(@TempDir Path dir) throws Exception {
        // each file goes through the blob's buffers, and together they fill more than one uncached buffer (8 MiB) of
        // the archive region (UncachedWrites), whose unaligned ends go through the page cache
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Random random = new Random(11);
        for (int i = 0; i < 70; i++) {
            byte[] content = new byte[150_000 + 37 * i];
            random.nextBytes(content);
            Files.write(Files.createDirectories(context.resolve("pages")).resolve("p" + i + ".html"), content);
        }
        Files.writeString(context.resolve("Kitfile"), """
                manifestVersion: 1.0.0
                model:
                  path: pages/p0.html
                docs:
                  - path: pages
                """);
        Path out = dir.resolve("out");
        RecordingLog log = new RecordingLog();
        PackResult r = pack(request(context, out, ArtifactFormat.MODELKIT, LayerFormat.TAR, Optional.of(TIME)), log);
        assertThat(r.layers()).hasSize(2);
        assertThat(r.layers().get(1).descriptor().size()).isGreaterThan(10_000_000);
        assertThat(fellBack(log)).isFalse();
        assertSameAsCopy(out, TIME.getEpochSecond());
        assertGnuTarReadsIt(r, out);
    }

    @Test
    void layersWithTheSameContentFallBackToTheCopy(@TempDir Path dir) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.write(context.resolve("a.bin"), new byte[5000]);
        Files.write(context.resolve("b.bin"), new byte[5000]);
        Files.write(context.resolve("c.bin"), new byte[300]);
        Files.writeString(context.resolve("Kitfile"), """
                manifestVersion: 1.0.0
                model:
                  path: a.bin
                code:
                  - path: b.bin
                  - path: c.bin
                """);
        Path out = dir.resolve("out");
        RecordingLog log = new RecordingLog();
        PackResult r = pack(request(context, out, ArtifactFormat.MODELKIT, LayerFormat.RAW, Optional.empty()), log);
        assertThat(r.manifest().layers().get(0).digest()).isEqualTo(r.manifest().layers().get(1).digest());
        assertThat(fellBack(log)).isTrue();
        assertSameAsCopy(out, 0);
        assertGnuTarReadsIt(r, out);
        assertReaderReadsIt(r, out.resolve("m.tar")); // it refuses an archive holding a name twice
        assertNoTemporaryFiles(out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerFormats")
    void aFileThatGrowsWhilePackedFailsTheBuildAndLeavesNoArchive(LayerFormat layerFormat, @TempDir Path dir)
            throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx/models"));
        Path big = context.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L * 1024 * 1024); // sparse: read quickly, but not before the first progress report
        }
        Files.writeString(context.resolveSibling("Kitfile"), "manifestVersion: 1.0.0\nmodel:\n  path: models/big.bin\n");
        AtomicBoolean grown = new AtomicBoolean();
        PackProgress growOnce = (layers, elapsed) -> {
            if (grown.compareAndSet(false, true)) {
                try {
                    Files.writeString(big, "more", StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Path out = dir.resolve("out");
        PackRequest request = request(context.getParent(), out, ArtifactFormat.MODELKIT, layerFormat,
                Optional.empty());
        assertThatThrownBy(() -> new Packer(BuildLog.SILENT, growOnce).pack(request))
                .isInstanceOf(IOException.class).hasMessageContaining("big.bin")
                .hasMessageMatching(".*(grew|changed size|changed) while it was packed.*");
        assertThat(grown).isTrue();
        assertThat(out.resolve("m.tar")).doesNotExist();
        assertThat(out.resolve("modelkit.digest")).doesNotExist();
        assertNoTemporaryFiles(out);
    }

    static Stream<LayerFormat> layerFormats() {
        return Stream.of(LayerFormat.TAR, LayerFormat.RAW);
    }

    /** The teed archive equals what the copy path makes of the finished layout. */
    static void assertSameAsCopy(Path out, long mtime) throws IOException {
        Path copy = out.resolveSibling(out.getFileName() + "-copy.tar");
        OciArchiveWriter.write(out.resolve("modelkit"), copy, mtime);
        assertThat(Files.size(out.resolve("m.tar"))).isEqualTo(Files.size(copy));
        assertThat(Files.readAllBytes(out.resolve("m.tar"))).isEqualTo(Files.readAllBytes(copy));
        Files.delete(copy);
    }

    /** GNU tar lists the entries in manifest order and gives back every file of the layout. */
    static void assertGnuTarReadsIt(PackResult r, Path out) throws Exception {
        Path archive = out.resolve("m.tar");
        PackerTest.run("tar -tvf " + archive + " >/dev/null");
        List<String> expected = new ArrayList<>(List.of("oci-layout", "blobs", "blobs/sha256"));
        for (Descriptor d : r.manifest().layers()) {
            if (!expected.contains("blobs/sha256/" + d.digest().hex())) {
                expected.add("blobs/sha256/" + d.digest().hex());
            }
        }
        expected.add("blobs/sha256/" + r.manifest().config().digest().hex());
        expected.add("blobs/sha256/" + r.manifestDescriptor().digest().hex());
        expected.add("index.json");
        List<String> listed = PackerTest.lines(PackerTest.run("tar -tf " + archive)).stream()
                .map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l).toList();
        assertThat(listed).containsExactlyElementsOf(expected);

        Path extracted = Files.createDirectories(out.resolve("extracted"));
        PackerTest.run("tar -xf " + archive + " -C " + extracted);
        assertThat(sha256s(extracted)).isEqualTo(sha256s(out.resolve("modelkit")));
        PackerTest.run("rm -rf " + extracted);
    }

    static void assertReaderReadsIt(PackResult r, Path archive) throws IOException {
        OciLayoutReader reader = OciLayoutReader.open(archive, "v1");
        assertThat(reader.manifestDescriptor().digest()).isEqualTo(r.manifestDescriptor().digest());
        assertThat(Digest.of(reader.manifestBytes())).isEqualTo(r.manifestDescriptor().digest());
        List<Descriptor> blobs = new ArrayList<>(r.manifest().layers());
        blobs.add(r.manifest().config());
        for (Descriptor d : blobs) {
            try (InputStream in = reader.openBlob(d)) {
                assertThat(Digest.of(in.readAllBytes())).isEqualTo(d.digest());
            }
        }
    }

    /** Relative path → sha256 of every regular file below {@code root}. */
    static Map<String, String> sha256s(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Digest.of(Files.readAllBytes(p)).toString());
            }
        }
        return out;
    }

    static void assertNoTemporaryFiles(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    static Path copyOf(Path from, Path to) throws Exception {
        PackerTest.run("cp -a " + from + " " + to);
        return to;
    }
}
