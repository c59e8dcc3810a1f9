package dev.modelkit.oci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compressed layer's blob written around the page cache holds exactly the bytes written, whatever their sizes and
 * however the length falls on the alignment; turned off, there is no such stream (nor where {@code O_DIRECT} is
 * refused; tmpfs accepts it since Linux 6.6, so no file system here shows that); and the disk is judged too slow
 * only after three slow writes in a row.
 */
class UncachedFileOutputStreamTest {

    @Test
    void holdsEveryByteInOrderWhateverTheWriteSizes(@TempDir Path dir) throws IOException {
        for (int length : new int[] {0, 1, 65_536, UncachedFileOutputStream.BUFFER_SIZE,
            UncachedFileOutputStream.BUFFER_SIZE + 1, 2 * UncachedFileOutputStream.BUFFER_SIZE + 777}) {
            byte[] expected = new byte[length];
            new Random(length).nextBytes(expected);
            Path file = Files.createFile(dir.resolve("blob-" + length));
            UncachedFileOutputStream stream = UncachedFileOutputStream.open(file);
            assertThat(stream).as("O_DIRECT on the test's file system (ext4 in CI)").isNotNull();
            try (OutputStream out = stream) {
                Random sizes = new Random(7);
                for (int off = 0; off < length; ) {
                    int n = Math.min(length - off, sizes.nextInt(300_000));
                    if (n == 1) {
                        out.write(expected[off]);
                    } else {
                        out.write(expected, off, n);
                    }
                    off += n;
                }
            }
            assertThat(Arrays.equals(Files.readAllBytes(file), expected)).as("length %d", length).isTrue();
            assertThat(stream.directWrites()).as("whole buffers written around the cache, length %d", length)
                    .isEqualTo(length / UncachedFileOutputStream.BUFFER_SIZE);
        }
    }

    @Test
    void aCompressedBlobIsCommittedUnderTheDigestOfItsBytes(@TempDir Path dir) throws Exception {
        OciLayoutWriter layout = OciLayoutWriter.create(dir.resolve("layout"));
        byte[] content = new byte[3 * UncachedFileOutputStream.BUFFER_SIZE + 12_345];
        new Random(5).nextBytes(content);
        OciLayoutWriter.Written written;
        try (OciLayoutWriter.BlobWriter blob = layout.newCompressedBlob()) {
            blob.stream().write(content);
            written = blob.commit();
        }
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(written.digest().hex()).isEqualTo(hex);
        assertThat(written.size()).isEqualTo(content.length);
        assertThat(Files.readAllBytes(layout.blobPath(written.digest()))).isEqualTo(content);
    }

    /** The tests that set the property; the build sets none, so clearing it restores the default. */
    @AfterEach
    void clearSetting() {
        System.clearProperty(UncachedFileOutputStream.PROPERTY);
    }

    @Test
    void anUnknownSettingIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("blob"));
        System.setProperty(UncachedFileOutputStream.PROPERTY, "false");
        assertThatThrownBy(() -> UncachedFileOutputStream.open(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto (the default) or never");
    }

    @Test
    void noStreamWhenTurnedOff(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("blob"));
        System.setProperty(UncachedFileOutputStream.PROPERTY, "never");
        assertThat(UncachedFileOutputStream.open(file)).isNull();
    }

    @Test
    void theDiskFallsBehindOnlyAfterThreeSlowWritesInARow() {
        UncachedFileOutputStream.Pace pace = new UncachedFileOutputStream.Pace();
        assertThat(pace.keepsUp(10, 20)).isTrue();
        assertThat(pace.keepsUp(10, 20)).isTrue();
        assertThat(pace.keepsUp(10, 5)).as("a fast write starts the count again").isTrue();
        assertThat(pace.keepsUp(10, 20)).isTrue();
        assertThat(pace.keepsUp(10, 20)).isTrue();
        assertThat(pace.keepsUp(10, 20)).isFalse();
    }
}
