package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A blob file copied while another thread hashes it, by the kernel or around the page cache: a good blob arrives
 * whole, a bad one never passes.
 */
@Timeout(60)
class VerifiedFileCopyTest {

    @TempDir
    Path dir;

    /** Four chunks and some: a copy around the cache reuses its buffers and writes an unaligned end. */
    byte[] bytes = new byte[4 * UncachedCopies.CHUNK + 12_345];

    Descriptor blob() throws IOException {
        new Random(11).nextBytes(bytes);
        Files.write(dir.resolve("blob"), bytes);
        return new Descriptor("application/octet-stream", Digest.of(bytes), bytes.length);
    }

    /** Null for the kernel's copy, or copies of any size around the cache. */
    static UncachedCopies copies(boolean uncached) {
        return uncached ? UncachedCopies.open(0) : null;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void copiesAGoodBlobWhole(boolean uncached) throws IOException {
        Descriptor d = blob();
        VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy"), copies(uncached));
        assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(bytes);
        Files.write(dir.resolve("copy"), new byte[bytes.length + 1_000_000]); // replaced, not written over
        VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy"), copies(uncached));
        assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesOtherBytesOfTheSameSize(boolean uncached) throws IOException {
        Descriptor d = blob();
        bytes[2_500_000] ^= 1;
        Files.write(dir.resolve("blob"), bytes);
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("blob"), d, "layer 0", dir.resolve("copy"),
                copies(uncached)))
                .isInstanceOf(BlobVerificationException.class)
                .hasMessageContaining("layer 0 " + d.digest()).hasMessageContaining("does not match its content");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesAShortBlob(boolean uncached) throws IOException {
        Descriptor d = blob();
        Files.write(dir.resolve("blob"), Arrays.copyOf(bytes, 1_000_000));
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy"),
                copies(uncached)))
                .isInstanceOf(BlobVerificationException.class).hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void refusesALongBlob(boolean uncached) throws IOException {
        Descriptor d = blob();
        Files.write(dir.resolve("blob"), Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("blob"), d, "blob", dir.resolve("copy"),
                copies(uncached)))
                .isInstanceOf(BlobVerificationException.class)
                .hasMessageContaining("longer than the " + bytes.length + " bytes");
    }

    @Test
    void aMissingSourceSaysSo() {
        boolean uncached = true; // the size is asked first, whichever way it would copy
        Descriptor d = new Descriptor("application/octet-stream", Digest.of(new byte[0]), 0);
        assertThatThrownBy(() -> VerifiedFileCopy.copy(dir.resolve("none"), d, "blob", dir.resolve("copy"),
                copies(uncached)))
                .isInstanceOf(NoSuchFileException.class);
    }
}
