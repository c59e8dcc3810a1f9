package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.layer.ZstdEncoder;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Repeat builds: unchanged layers are reused from the previous layout, changed ones re-packed, nothing trusted blindly. */
class LayerCacheTest {

    @TempDir
    Path dir;
    Path context;
    Path out;

    @BeforeEach
    void trees() {
        Golden.buildTrees(dir.resolve("trees"));
        context = dir.resolve("trees/basic");
        out = dir.resolve("out");
    }

    private PackResult pack(Compression c, RecordingLog log) throws Exception {
        return pack(c, ZstdEncoder.AUTO, log);
    }

    private PackResult pack(Compression c, ZstdEncoder zstd, RecordingLog log) throws Exception {
        return new Packer(log).pack(new PackRequest(context.resolve("Kitfile"), context, List.of(),
                out.resolve("modelkit"), out.resolve("a.tar"), out.resolve("modelkit.digest"),
                out.resolve("modelkit.json"), ArtifactFormat.MODELKIT, LayerFormat.TAR, c, "basic", List.of("1"),
                Optional.empty(), SymlinkPolicy.FOLLOW, null, Map.of(), zstd));
    }

    /** The zstd encoders write different bytes: switching one never reuses the other's blobs. */
    @Test
    void switchingTheZstdEncoderRepacksAndKeepsTheDiffIds() throws Exception {
        PackResult viaNative = pack(Compression.ZSTD, ZstdEncoder.NATIVE, new RecordingLog());
        RecordingLog log = new RecordingLog();
        PackResult viaJava = pack(Compression.ZSTD, ZstdEncoder.JAVA, log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).hasSize(4);
        assertThat(viaJava.layers()).extracting(PackedLayer::diffId)
                .isEqualTo(viaNative.layers().stream().map(PackedLayer::diffId).toList());
        assertThat(viaJava.manifestDescriptor().digest()).isNotEqualTo(viaNative.manifestDescriptor().digest());
        // and a repeat build with the same encoder reuses its own blobs
        RecordingLog again = new RecordingLog();
        assertThat(pack(Compression.ZSTD, ZstdEncoder.JAVA, again).manifestDescriptor())
                .isEqualTo(viaJava.manifestDescriptor());
        assertThat(again.lines()).filteredOn(l -> l.startsWith("Unchanged")).hasSize(4);
    }

    @Test
    void anUnchangedBuildReusesEveryLayerAndRewritesNothing() throws Exception {
        PackResult first = pack(Compression.ZSTD, new RecordingLog());
        Object indexKey = key(out.resolve("modelkit/index.json"));
        Object archiveKey = key(out.resolve("a.tar"));
        long archiveTime = Files.getLastModifiedTime(out.resolve("a.tar")).toMillis();
        RecordingLog log = new RecordingLog();
        PackResult second = pack(Compression.ZSTD, log);
        assertThat(second.manifestDescriptor()).isEqualTo(first.manifestDescriptor());
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).isEmpty();
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Unchanged")).hasSize(4);
        assertThat(key(out.resolve("modelkit/index.json"))).isEqualTo(indexKey);
        assertThat(key(out.resolve("a.tar"))).isEqualTo(archiveKey);
        assertThat(Files.getLastModifiedTime(out.resolve("a.tar")).toMillis()).isEqualTo(archiveTime);
    }

    @Test
    void changingOneFileRepacksOnlyItsLayer() throws Exception {
        PackResult first = pack(Compression.NONE, new RecordingLog());
        Files.writeString(context.resolve("data/train.csv"), "changed\n", StandardOpenOption.APPEND);
        RecordingLog log = new RecordingLog();
        PackResult second = pack(Compression.NONE, log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).singleElement().asString()
                .contains("data/train.csv");
        assertThat(second.manifestDescriptor().digest()).isNotEqualTo(first.manifestDescriptor().digest());
        // and the result is what a cold build gives
        Path cold = dir.resolve("cold");
        PackResult fresh = new Packer(BuildLog.SILENT).pack(new PackRequest(context.resolve("Kitfile"), context,
                List.of(), cold.resolve("modelkit"), cold.resolve("a.tar"), null, null, ArtifactFormat.MODELKIT,
                LayerFormat.TAR, Compression.NONE, "basic", List.of("1"), Optional.empty(), SymlinkPolicy.FOLLOW, null,
                Map.of()));
        assertThat(second.manifestDescriptor().digest()).isEqualTo(fresh.manifestDescriptor().digest());
        assertThat(Files.readAllBytes(out.resolve("a.tar"))).isEqualTo(Files.readAllBytes(cold.resolve("a.tar")));
    }

    @Test
    void aChangedOptionRepacksEverything() throws Exception {
        pack(Compression.NONE, new RecordingLog());
        RecordingLog log = new RecordingLog();
        pack(Compression.GZIP, log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).hasSize(4);
    }

    @Test
    void aDamagedPreviousBlobIsNotTrusted() throws Exception {
        PackResult first = pack(Compression.NONE, new RecordingLog());
        Path blob = out.resolve("modelkit/blobs/sha256").resolve(first.manifest().layers().get(0).digest().hex());
        Files.write(blob, new byte[] {1, 2, 3}); // truncated
        RecordingLog log = new RecordingLog();
        PackResult second = pack(Compression.NONE, log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).singleElement().asString()
                .contains("models/model.bin");
        assertThat(second.manifestDescriptor()).isEqualTo(first.manifestDescriptor());
        assertThat(Files.size(blob)).isEqualTo(first.manifest().layers().get(0).size());
    }

    @Test
    void aCleanBuildDirectoryPacksEverythingAgain() throws Exception {
        pack(Compression.NONE, new RecordingLog());
        try (Stream<Path> walk = Files.walk(out)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        RecordingLog log = new RecordingLog();
        pack(Compression.NONE, log);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("Packed")).hasSize(4);
    }

    private static Object key(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
