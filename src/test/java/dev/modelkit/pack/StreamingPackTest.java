package dev.modelkit.pack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap does not grow with file size: a 3 GiB (sparse) model is packed in a separate JVM limited to 64 MiB of heap,
 * and GNU tar reads the layer back with the file at its full size; the archive is written alongside (the tee) and
 * lists the layer blob at its full size.
 */
class StreamingPackTest {

    static final long SIZE = 3L * 1024 * 1024 * 1024;

    @Test
    void packsA3GiBFileWith64MiBOfHeap(@TempDir Path dir) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.createDirectories(context.resolve("model"));
        try (RandomAccessFile f = new RandomAccessFile(context.resolve("model/big.bin").toFile(), "rw")) {
            f.setLength(SIZE);
            f.seek(SIZE / 2);
            f.write("a byte in the middle".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(context.resolve("Kitfile"), "manifestVersion: 1.0.0\nmodel:\n  path: model/big.bin\n");

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", classpath,
                PackMain.class.getName(), context.toString(), dir.resolve("out").toString(), "archive"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("layer 0 ");
        String blobDigest = output.lines().filter(l -> l.startsWith("layer 0 ")).findFirst().orElseThrow()
                .split(" ")[2];
        Path blob = dir.resolve("out/modelkit/blobs/sha256").resolve(blobDigest.substring(7));
        assertThat(Files.size(blob)).isEqualTo(512 + 512 + SIZE + 1024); // model dir, file header, data, end
        // GNU tar lists it as kit would: the folder, then the 3 GiB file.
        Process tar = new ProcessBuilder("tar", "-tvf", blob.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(listing).contains("1000/0", " model\n", Long.toString(SIZE) + " 1970-01-01 00:00 model/big.bin");
        new File(blob.toString()).delete();
        Path archive = dir.resolve("out/modelkit.tar");
        Process archiveTar = new ProcessBuilder("tar", "-tvf", archive.toString()).redirectErrorStream(true).start();
        String archiveListing = new String(archiveTar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(archiveTar.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(archiveListing).contains(" " + (512 + 512 + SIZE + 1024) + " 1970-01-01 00:00 blobs/sha256/"
                + blobDigest.substring(7) + "\n");
        assertThat(archiveListing.strip()).endsWith(" index.json");
        new File(archive.toString()).delete();
    }
}
