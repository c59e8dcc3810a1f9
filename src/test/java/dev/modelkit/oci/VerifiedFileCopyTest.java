package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A blob file copied by the kernel while another thread hashes it: a good blob arrives whole, a bad one never passes. */
@Timeout(60)
class VerifiedFileCopyTest {

    @TempDir
    Path dir;

    byte[] bytes = new byte[3_000_000];

    Descriptor blob() throws IOException {
        new Random(11).nextBytes(bytes);
        Files.write(dir.resolve("blob"), bytes);
        return new Descriptor("application/octet-stream", Digest.of(bytes), bytes.length);
    }

    @Test
    void copiesAGoodBlobWhole() throws IOException {
        Descriptor d = blob();
        VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy"));
        assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(bytes);
        Files.write(dir.resolve("copy"), new byte[10_000_000]); // an existing target is replaced, not appended to
        VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy"));
        assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(bytes);
    }

    @Test
    void refusesOtherBytesOfTheSameSize() throws IOException {
        Descriptor d = blob();
        bytes[2_500_000] ^= 1;
        Files.write(dir.resolve("blob"), bytes);
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("blob"), d, "layer 0", dir.resolve("copy")))
                .isInstanceOf(BlobVerificationException.class)
                .hasMessageContaining("layer 0 " + d.digest()).hasMessageContaining("does not match its content");
    }

    @Test
    void refusesAShortBlob() throws IOException {
        Descriptor d = blob();
        Files.write(dir.resolve("blob"), Arrays.copyOf(bytes, 1_000_000));
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy")))
                .isInstanceOf(BlobVerificationException.class).hasMessageContaining("truncated");
    }

    @Test
    void refusesALongBlob() throws IOException {
        Descriptor d = blob();
        Files.write(dir.resolve("blob"), Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy")))
                .isInstanceOf(BlobVerificationException.class)
                .hasMessageContaining("longer than the " + bytes.length + " bytes");
    }

    @Test
    void aMissingSourceSaysSo() {
        Descriptor d = new Descriptor("application/octet-stream", Digest.of(new byte[0]), 0);
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("none"), d, "blob", dir.resolve("copy")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
