package dev.modelkit.layer;

import dev.modelkit.oci.Digest;
import dev.modelkit.oci.DigestingOutputStream;
import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tar bytes alone: entries taken from kit's own listing of each golden layer, contents from the golden trees,
 * must hash to kit's layer digest. (Which entries to write is tested with the selector; both together in the
 * pack tests.)
 */
class KitTarWriterTest {

    @TempDir
    static Path trees;

    @BeforeAll
    static void buildTrees() {
        Golden.buildTrees(trees);
    }

    static List<Golden.ListedLayer> goldenLayers() {
        return Golden.listings();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenLayers")
    void writesKitsBytesForEveryGoldenLayer(Golden.ListedLayer layer) throws IOException {
        Path root = trees.resolve(layer.caseName());
        DigestingOutputStream out = new DigestingOutputStream(OutputStream.nullOutputStream());
        try (KitTarWriter tar = new KitTarWriter(out)) {
            for (Golden.ListedEntry e : layer.entries()) {
                tar.write(e.directory()
                        ? LayerEntry.directory(e.name(), e.mode())
                        : LayerEntry.file(e.name(), e.mode(), e.size(), root.resolve(e.name())));
            }
        }
        assertThat(out.digest().toString()).isEqualTo(layer.digest());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenLayers")
    void tarLengthIsTheExactLengthWrittenForEveryGoldenLayer(Golden.ListedLayer layer) throws IOException {
        Path root = trees.resolve(layer.caseName());
        List<LayerEntry> entries = layer.entries().stream()
                .map(e -> e.directory() ? LayerEntry.directory(e.name(), e.mode())
                        : LayerEntry.file(e.name(), e.mode(), e.size(), root.resolve(e.name())))
                .toList();
        HeaderCapture out = new HeaderCapture();
        try (KitTarWriter tar = new KitTarWriter(out)) {
            for (LayerEntry e : entries) {
                tar.write(e);
            }
        }
        assertThat(KitTarWriter.tarLength(entries)).isEqualTo(out.total);
    }

    /** Names on every side of the USTAR/PAX boundaries: 100 bytes, splittable, unsplittable, non-ASCII, odd PAX sizes. */
    @Test
    void tarLengthIsExactForLongAndNonAsciiNames(@TempDir Path dir) throws IOException {
        List<String> names = new java.util.ArrayList<>(List.of("a", "x".repeat(100), "x".repeat(101),
                "d/" + "x".repeat(98), "d".repeat(155) + "/" + "f".repeat(100), "d".repeat(156) + "/f",
                "données/été.txt", "日本/ファイル.txt", "d/" + "é".repeat(300), "dir/" + "e".repeat(250) + "/x.bin"));
        for (int n = 85; n <= 100; n++) { // PAX data lengths around a block and record-length digit boundaries
            names.add("ü".repeat(n * 3));
        }
        for (int n = 490; n <= 520; n += 3) {
            names.add("p/" + "é".repeat(n / 2) + "y".repeat(n % 2));
        }
        Path content = Files.write(dir.resolve("content"), new byte[777]);
        List<LayerEntry> entries = new java.util.ArrayList<>();
        for (String name : names) {
            entries.add(LayerEntry.directory(name, 0755));
            entries.add(LayerEntry.file(name + "/f", 0644, 777, content));
        }
        HeaderCapture out = new HeaderCapture();
        try (KitTarWriter tar = new KitTarWriter(out)) {
            for (LayerEntry e : entries) {
                long before = out.total;
                tar.write(e);
                assertThat(out.total - before).as(e.name()).isEqualTo(KitTarWriter.entryLength(e.name(), e.size()));
            }
        }
        assertThat(KitTarWriter.tarLength(entries)).isEqualTo(out.total);
    }

    @Test
    void entryLengthCountsThePaxSizeRecordOf8GiBFiles() throws IOException {
        long size = 8L * 1024 * 1024 * 1024 + 3;
        for (String name : List.of("w/huge.bin", "w/" + "x".repeat(120) + "/huge.bin", "w/énorme.bin")) {
            HeaderCapture capture = new HeaderCapture();
            new KitTarWriter(capture).writeFile(name, 0644, size, new UnfilledStream(size));
            assertThat(KitTarWriter.entryLength(name, size)).as(name).isEqualTo(capture.total);
        }
    }

    @Test
    void fileHeaderIsWhatTheWriterWrites() throws IOException {
        KitTarWriter.HeaderStyle style = new KitTarWriter.HeaderStyle(0, 0, 1234);
        for (String name : List.of("blobs/sha256/" + "a".repeat(64), "ü".repeat(40))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new KitTarWriter(out, style).writeFileHeader(name, 0644, 99);
            assertThat(KitTarWriter.fileHeader(style, name, 0644, 99)).isEqualTo(out.toByteArray());
        }
    }

    @Test
    void emptyLayerIsTwoZeroBlocks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new KitTarWriter(out).close();
        assertThat(out.toByteArray()).hasSize(1024).containsOnly(0);
        assertThat(Digest.of(out.toByteArray()).toString())
                .isEqualTo("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
    }

    @Test
    void paxRecordLengthCountsItsOwnDigits() {
        assertThat(KitTarWriter.paxRecord("path", "données")).isEqualTo("17 path=données\n");
        // a 97-byte " path=...\n" part gives 99, a 98-byte one 101: no record is 100 bytes long
        assertThat(KitTarWriter.paxRecord("path", "x".repeat(97 - 7))).startsWith("99 ");
        assertThat(KitTarWriter.paxRecord("path", "x".repeat(98 - 7))).startsWith("101 ");
        assertThat(KitTarWriter.paxRecord("size", "8589934592")).isEqualTo("19 size=8589934592\n");
    }

    @Test
    void paxHeaderNamesFollowGo() {
        assertThat(KitTarWriter.paxHeaderName("données")).isEqualTo("PaxHeaders.0/données");
        assertThat(KitTarWriter.paxHeaderName("日本/ファイル.txt")).isEqualTo("日本/PaxHeaders.0/ファイル.txt");
    }

    @Test
    void ustarSplitCutsAtTheLastSlashWithinTheFirst156Bytes() {
        String name = "data/" + "e".repeat(150) + "/" + "h".repeat(99);
        int cut = KitTarWriter.ustarSplit(name.getBytes(StandardCharsets.US_ASCII));
        assertThat(cut).isEqualTo(155);
        assertThat(KitTarWriter.ustarSplit(("data/" + "g".repeat(160) + "/x.txt").getBytes())).isEqualTo(-1);
        assertThat(KitTarWriter.ustarSplit("c".repeat(101).getBytes())).isEqualTo(-1);
    }

    @Test
    void filesOf8GiBAndMoreGetAPaxSizeRecord() throws IOException {
        long size = 8L * 1024 * 1024 * 1024;
        HeaderCapture capture = new HeaderCapture();
        try (KitTarWriter tar = new KitTarWriter(capture)) {
            tar.writeFile("w/huge.bin", 0644, size, new UnfilledStream(size));
        }
        byte[] head = capture.head();
        assertThat(new String(head, 0, 26, StandardCharsets.US_ASCII)).isEqualTo("w/PaxHeaders.0/huge.bin\0\0\0");
        assertThat(head[156]).isEqualTo((byte) 'x');
        assertThat(new String(head, 512, 19, StandardCharsets.US_ASCII)).isEqualTo("19 size=8589934592\n");
        assertThat(new String(head, 1024 + 124, 12, StandardCharsets.US_ASCII)).isEqualTo("00000000000\0");
        assertThat(capture.total).isEqualTo(512 + 512 + 512 + size + 1024);
    }

    @Test
    void aFileThatChangesSizeWhilePackedFails(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "abc");
        KitTarWriter tar = new KitTarWriter(OutputStream.nullOutputStream());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tar.write(LayerEntry.file("a.txt", 0644, 5, f)))
                .hasMessageContaining("a.txt").hasMessageContaining("shrank");
        KitTarWriter tar2 = new KitTarWriter(OutputStream.nullOutputStream());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tar2.write(LayerEntry.file("a.txt", 0644, 2, f)))
                .hasMessageContaining("grew");
    }

    /** A stream of the given length that leaves the caller's buffer as it is: 8 GiB without 8 GiB of work. */
    static final class UnfilledStream extends java.io.InputStream {
        private long left;

        UnfilledStream(long length) {
            left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            left -= n;
            return n;
        }
    }

    /** Keeps the first 1536 bytes and counts the rest. */
    static final class HeaderCapture extends OutputStream {
        final byte[] head = new byte[1536];
        long total;

        @Override
        public void write(int b) {
            if (total < head.length) {
                head[(int) total] = (byte) b;
            }
            total++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (total < head.length) {
                int n = (int) Math.min(len, head.length - total);
                System.arraycopy(b, off, head, (int) total, n);
            }
            total += len;
        }

        byte[] head() {
            return Arrays.copyOf(head, head.length);
        }
    }
}
