package dev.modelkit.unpack;

import dev.modelkit.layer.Compression;
import dev.modelkit.layer.KitTarWriter;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.DigestingOutputStream;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.OciLayoutWriter;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Highly compressible layers stream: 512 MiB of zeros (a ~50 KiB zstd blob) unpack in a JVM with 64 MiB of heap, and
 * a zstd frame that asks for a 2 GiB window is refused before the decoder can allocate it.
 */
class CompressionBombTest {

    static final long SIZE = 512L * 1024 * 1024;

    @Test
    void zstdBombUnpacksWith64MiBOfHeap(@TempDir Path dir) throws Exception {
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor layer;
        String diffId;
        try (OciLayoutWriter.BlobWriter blob = layout.writer.newBlob()) {
            OutputStream zstd = Compression.ZSTD.compress(blob.stream());
            DigestingOutputStream plain = new DigestingOutputStream(zstd);
            try (KitTarWriter tar = new KitTarWriter(plain)) {
                tar.writeFile("zeros.bin", 0644, SIZE, zeros(SIZE));
            }
            zstd.close();
            OciLayoutWriter.Written w = blob.commit();
            layer = new Descriptor(MediaTypes.modelKitLayer("dataset", "tar", "+zstd"), w.digest(), w.size());
            diffId = plain.digest().toString();
        }
        assertThat(layer.size()).isLessThan(SIZE / 1000);
        String config = "{\"manifestVersion\":\"1.0.0\",\"package\":{},\"datasets\":[{\"path\":\"zeros.bin\","
                + "\"digest\":\"" + layer.digest() + "\",\"diffId\":\"" + diffId + "\"}]}";
        Descriptor c = layout.blob(MediaTypes.MODELKIT_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        layout.manifest(MediaTypes.MODELKIT_ARTIFACT, c, List.of(layer), Map.of());

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", classpath,
                UnpackMain.class.getName(), layout.root.toString(), out.toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("files 1 ");
        assertThat(Files.size(out.resolve("zeros.bin"))).isEqualTo(SIZE);
        Files.delete(out.resolve("zeros.bin"));
    }

    @Test
    void zstdFrameAskingForAHugeWindowIsRefused(@TempDir Path dir) throws Exception {
        // magic, frame header descriptor 0 (window descriptor follows), window log 10 + 21 = 31 (2 GiB), then junk.
        byte[] frame = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, (byte) (21 << 3), 1, 0, 0, 0};
        Fixtures.Layout layout = new Fixtures.Layout(dir.resolve("layout"));
        Descriptor l = layout.blob(MediaTypes.modelKitLayer("code", "tar", "+zstd"), frame);
        HostileInputTest.finish(layout, l, l.digest());
        try (OciLayoutReader reader = OciLayoutReader.open(layout.root)) {
            assertThatThrownBy(() -> new Unpacker(new RecordingLog()).unpack(reader,
                    new UnpackRequest(dir.resolve("out"), null, null)))
                    .isInstanceOf(UnpackException.class)
                    .hasMessageContaining(l.digest().toString())
                    .hasMessageContaining("2147483648-byte window");
        }
    }

    static InputStream zeros(long size) {
        return new InputStream() {
            long left = size;

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
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
