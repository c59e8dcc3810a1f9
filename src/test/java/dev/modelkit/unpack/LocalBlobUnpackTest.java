package dev.modelkit.unpack;

import dev.modelkit.layer.Compression;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.UncachedCopies;
import dev.modelkit.pack.PackResult;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An uncompressed blob in a local file is untarred on one thread (the kernel copying file contents) while another
 * hashes it, the two kept within a window of each other. With a window of a few KiB the readers wait for each other
 * all the time; nothing may hang, and nothing unverified may reach the output folder.
 */
@Timeout(60)
class LocalBlobUnpackTest {

    static final long TINY_WINDOW = 4096;

    @TempDir
    Path dir;

    static String text(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    /** Two files of some MiB, a small one, a folder, and 2 MiB of zeros after the end-of-archive marker. */
    static byte[] layer(String big, String big2) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new Fixtures.RawTar().file("big.txt", big).file("small.txt", "s").dir("sub")
                .file("sub/big2.txt", big2).bytes());
        bytes.writeBytes(new byte[2 * 1024 * 1024]); // read by the hasher alone: the untar stops at the marker
        return bytes.toByteArray();
    }

    /** Packs one uncompressed code layer per folder, in this order, each folder holding the given files. */
    PackResult packCode(Map<String, Map<String, String>> folders) throws Exception {
        Path context = Files.createDirectories(dir.resolve("context"));
        StringBuilder kitfile = new StringBuilder("manifestVersion: 1.0.0\npackage: {name: t}\ncode:\n");
        for (Map.Entry<String, Map<String, String>> folder : folders.entrySet()) {
            Path f = Files.createDirectories(context.resolve(folder.getKey()));
            for (Map.Entry<String, String> file : folder.getValue().entrySet()) {
                Files.writeString(f.resolve(file.getKey()), file.getValue());
            }
            kitfile.append("  - path: ").append(folder.getKey()).append('\n');
        }
        Files.writeString(context.resolve("Kitfile"), kitfile);
        return Fixtures.pack(context, dir.resolve("packed"), Compression.NONE);
    }

    /** Flips one bit of a blob, at a place chosen from its length. */
    static void flip(Fixtures.Layout layout, Descriptor blob, IntUnaryOperator place) throws Exception {
        layout.corrupt(blob, b -> {
            b[place.applyAsInt(b.length)] ^= 1;
            return b;
        });
    }

    /** Unpacks into {@code out}, which must fail; the failure. */
    static Throwable unpackFails(ArtifactSource source, int parallelism, Path out) throws Exception {
        try (source) {
            return catchThrowable(() -> new Unpacker(new RecordingLog(), TINY_WINDOW, parallelism, UncachedCopies.MIN_SIZE)
                    .unpack(source, new UnpackRequest(out, null, null)));
        }
    }

    @Test
    void aTinyWindowStillUnpacksEveryByte() throws Exception {
        String big = text(3_000_000, 1);
        String big2 = text(1_500_000, 2);
        byte[] layer = layer(big, big2);
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(HostileInputTest.TAR, layer);
        HostileInputTest.finish(layout, l, Digest.of(layer));
        Path out = dir.resolve("out");
        try (OciLayoutReader reader = OciLayoutReader.open(layout.root)) {
            UnpackResult result = new Unpacker(new RecordingLog(), TINY_WINDOW, 2, UncachedCopies.MIN_SIZE)
                    .unpack(reader, new UnpackRequest(out, null, null));
            assertThat(result.files()).isEqualTo(3);
        }
        assertThat(Files.readString(out.resolve("big.txt"))).isEqualTo(big);
        assertThat(Files.readString(out.resolve("small.txt"))).isEqualTo("s");
        assertThat(Files.readString(out.resolve("sub/big2.txt"))).isEqualTo(big2);
    }

    /** Files from this size on are copied around the page cache in these tests: the ones of some MiB here. */
    static final long UNCACHED_FROM = 1024 * 1024;

    /**
     * A ModelPack with a tar layer (two large files, a small one) and a raw one, its large files copied around the
     * page cache ({@link UncachedCopies}), with the hasher held to a tiny window: every byte arrives.
     */
    record Built(Fixtures.Layout layout, Descriptor raw) {
    }

    Built modelPackWithLargeFiles(String big, String big2, byte[] weights) throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        byte[] tar = layer(big, big2);
        Descriptor code = layout.blob(MediaTypes.modelPackLayer("code", "tar", ""), tar)
                .withAnnotations(Map.of("org.cncf.model.filepath", "."));
        Descriptor raw = layout.blob(MediaTypes.modelPackLayer("weight", "raw", ""), weights)
                .withAnnotations(Map.of("org.cncf.model.filepath", "model/weights.bin",
                        "org.cncf.model.file.metadata+json", "{\"mode\":420,\"size\":" + weights.length + "}"));
        Descriptor config = layout.blob(MediaTypes.MODELPACK_CONFIG, ("{\"modelfs\":{\"diffIds\":[\""
                + Digest.of(tar) + "\",\"" + Digest.of(weights) + "\"]}}").getBytes(StandardCharsets.UTF_8));
        layout.manifest(MediaTypes.MODELPACK_ARTIFACT, config, List.of(code, raw), Map.of());
        return new Built(layout, raw);
    }

    @Test
    void largeFilesCopiedAroundTheCacheArriveWhole() throws Exception {
        String big = text(5_000_000, 11);
        String big2 = text(1_500_000, 12);
        byte[] weights = new byte[9 * 1024 * 1024 + 17];
        new Random(13).nextBytes(weights);
        Path out = dir.resolve("out");
        try (OciLayoutReader reader = OciLayoutReader.open(modelPackWithLargeFiles(big, big2, weights).layout().root)) {
            UnpackResult result = new Unpacker(new RecordingLog(), TINY_WINDOW, 2, UNCACHED_FROM)
                    .unpack(reader, new UnpackRequest(out, null, null));
            assertThat(result.files()).isEqualTo(4);
        }
        assertThat(Files.readString(out.resolve("big.txt"))).isEqualTo(big);
        assertThat(Files.readString(out.resolve("small.txt"))).isEqualTo("s");
        assertThat(Files.readString(out.resolve("sub/big2.txt"))).isEqualTo(big2);
        assertThat(Files.readAllBytes(out.resolve("model/weights.bin"))).isEqualTo(weights);
        assertThat(Fixtures.names(out)).noneMatch(n -> n.startsWith(OutputTree.STAGING_PREFIX));
    }

    @Test
    void aFlippedByteInAFileCopiedAroundTheCacheFailsAndLeavesNothing() throws Exception {
        byte[] weights = new byte[9 * 1024 * 1024];
        new Random(14).nextBytes(weights);
        Built built = modelPackWithLargeFiles(text(5_000_000, 15), text(1_500_000, 16), weights);
        Descriptor raw = built.raw();
        flip(built.layout(), raw, length -> 7 * 1024 * 1024);
        Path out = dir.resolve("out");
        Throwable t;
        try (OciLayoutReader reader = OciLayoutReader.open(built.layout().root)) {
            t = catchThrowable(() -> new Unpacker(new RecordingLog(), TINY_WINDOW, 2, UNCACHED_FROM)
                    .unpack(reader, new UnpackRequest(out, null, null)));
        }
        assertThat(t).isInstanceOf(UnpackException.class).hasMessageContaining(raw.digest().toString())
                .hasMessageContaining("does not match its content");
        assertThat(Fixtures.names(out)).doesNotContain("model/weights.bin")
                .noneMatch(n -> n.startsWith(OutputTree.STAGING_PREFIX));
    }

    @Test
    void aFlippedByteInALargeFileFailsAndLeavesNothingOfTheLayer() throws Exception {
        byte[] layer = layer(text(3_000_000, 3), text(1_500_000, 4));
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(HostileInputTest.TAR, layer);
        HostileInputTest.finish(layout, l, Digest.of(layer));
        flip(layout, l, length -> 2_000_000); // inside big.txt: the untar succeeds, only the hash can tell
        Path out = dir.resolve("out");
        Throwable t = unpackFails(OciLayoutReader.open(layout.root), 2, out);
        assertThat(t).isInstanceOf(UnpackException.class)
                .hasMessageContaining(l.digest().toString()).hasMessageContaining("does not match its content");
        assertThat(Fixtures.names(out)).isEmpty();
    }

    /**
     * Layers are extracted side by side but moved into place in order: a layer that fails stops the unpack there, the
     * layers before it are in place, none after it, and no staging folder is left.
     */
    @Test
    void layersGoIntoPlaceInOrderUpToTheOneThatFails() throws Exception {
        Map<String, Map<String, String>> folders = new LinkedHashMap<>();
        for (String name : new String[] {"a", "b", "c"}) {
            folders.put(name, Map.of(name + ".txt", text(2_000_000, name.charAt(0))));
        }
        PackResult packed = packCode(folders);
        Descriptor second = packed.manifest().layers().get(1);
        flip(new Fixtures.Layout(packed.layoutDirectory()), second, length -> length / 2);
        Path out = dir.resolve("out");
        Throwable t = unpackFails(OciLayoutReader.open(packed.layoutDirectory()), 3, out);
        assertThat(t).isInstanceOf(UnpackException.class).hasMessageContaining(second.digest().toString());
        assertThat(Fixtures.names(out)).containsExactly("a/", "a/a.txt");
        assertThat(Files.readString(out.resolve("a/a.txt"))).isEqualTo(text(2_000_000, 'a'));
    }

    /** Not a tar at all, but the blob its descriptor names: the untar fails at once, the hasher still finishes. */
    @Test
    void aBlobThatIsNoTarFailsWithoutWaitingForever() throws Exception {
        byte[] garbage = text(3_000_000, 5).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(HostileInputTest.TAR, garbage);
        HostileInputTest.finish(layout, l, Digest.of(garbage));
        Path out = dir.resolve("out");
        Throwable t = unpackFails(OciLayoutReader.open(layout.root), 2, out);
        assertThat(t).isInstanceOf(UnpackException.class).hasMessageContaining(l.digest().toString())
                .hasMessageContaining("cannot be read").hasMessageContaining("tar header");
        assertThat(Fixtures.names(out)).isEmpty();
    }

    /**
     * A layer fails while another one's bytes are still on their way (a stalled download): the other is interrupted
     * and waited for, the first failure is the one reported, and no staging folder is left.
     */
    @Test
    void aFailureInterruptsTheLayersStillBeingExtracted() throws Exception {
        Map<String, Map<String, String>> folders = new LinkedHashMap<>();
        for (String name : new String[] {"a", "b"}) {
            folders.put(name, Map.of(name + ".txt", text(100_000, name.charAt(0))));
        }
        PackResult packed = packCode(folders);
        Descriptor first = packed.manifest().layers().get(0);
        Descriptor stalled = packed.manifest().layers().get(1);
        flip(new Fixtures.Layout(packed.layoutDirectory()), first, length -> length / 2);
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Path out = dir.resolve("out");
        Throwable t;
        long started = System.nanoTime();
        try (OciLayoutReader reader = OciLayoutReader.open(packed.layoutDirectory())) {
            ArtifactSource stalling = new ArtifactSource() {
                @Override
                public String description() {
                    return reader.description();
                }

                @Override
                public Descriptor manifestDescriptor() throws java.io.IOException {
                    return reader.manifestDescriptor();
                }

                @Override
                public java.io.InputStream openBlob(Descriptor d) throws java.io.IOException {
                    if (d.digest().equals(first.digest())) {
                        // The corrupt layer fails only once the stalled one is reading: the interrupt must end it.
                        try {
                            reading.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    if (!d.digest().equals(stalled.digest())) {
                        return reader.openBlob(d);
                    }
                    return new java.io.InputStream() {
                        @Override
                        public int read() throws java.io.IOException {
                            reading.countDown();
                            try {
                                new java.util.concurrent.CountDownLatch(1).await(); // nothing ever arrives
                            } catch (InterruptedException e) {
                                interrupted.set(true);
                                throw new java.io.InterruptedIOException("download interrupted");
                            }
                            return -1;
                        }
                    };
                }

                @Override
                public void close() {
                }
            };
            t = unpackFails(stalling, 2, out);
        }
        assertThat(reading.getCount()).isZero();
        assertThat(interrupted).isTrue();
        assertThat(t).isInstanceOf(UnpackException.class).hasMessageContaining(first.digest().toString());
        assertThat(Fixtures.names(out)).isEmpty();
        assertThat(System.nanoTime() - started).isLessThan(20_000_000_000L);
    }

    /**
     * The same on the two-thread path: a small bad layer fails while a large local one is still being untarred and
     * hashed (a tiny window keeps it slow); its hasher and channel are stopped, nothing is left behind.
     */
    @Test
    void aFailureStopsALocalLayerStillBeingExtracted() throws Exception {
        Map<String, String> large = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            large.put("b" + i + ".txt", text(3_000_000, i));
        }
        Map<String, Map<String, String>> folders = new LinkedHashMap<>();
        folders.put("a", Map.of("a.txt", "small"));
        folders.put("b", large);
        PackResult packed = packCode(folders);
        Descriptor first = packed.manifest().layers().get(0);
        flip(new Fixtures.Layout(packed.layoutDirectory()), first, length -> 100);
        Path out = dir.resolve("out");
        Throwable t = unpackFails(OciLayoutReader.open(packed.layoutDirectory()), 2, out);
        assertThat(t).isInstanceOf(UnpackException.class).hasMessageContaining(first.digest().toString());
        assertThat(Fixtures.names(out)).isEmpty();
    }
}
