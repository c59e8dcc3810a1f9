package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hash beside a reader of the same blob: it waits for the reader, and never outlives its owner. */
@Timeout(30)
class BackgroundBlobHashTest {

    @TempDir
    Path dir;

    Descriptor blob(byte[] bytes) throws IOException {
        new Random(5).nextBytes(bytes);
        Files.write(dir.resolve("blob"), bytes);
        return new Descriptor("application/octet-stream", Digest.of(bytes), bytes.length);
    }

    @Test
    void checksTheBlobWhileTheCallerReadsIt() throws IOException {
        byte[] bytes = new byte[3_000_000];
        Descriptor d = blob(bytes);
        BlobRegion region = new BlobRegion(dir.resolve("blob"), 0, bytes.length);
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ);
             BackgroundBlobHash hash = new BackgroundBlobHash(channel, region, d, "blob", 4096)) {
            try (FileRegionInputStream in = new FileRegionInputStream(channel, region, hash.pace())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            hash.await();
        }
    }

    @Test
    void aMismatchIsReportedByAwait() throws IOException {
        byte[] bytes = new byte[100_000];
        Descriptor d = blob(bytes);
        Files.write(dir.resolve("blob"), new byte[100_000]);
        BlobRegion region = new BlobRegion(dir.resolve("blob"), 0, bytes.length);
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ);
             BackgroundBlobHash hash = new BackgroundBlobHash(channel, region, d, "layer 1", 1 << 20)) {
            assertThatThrownBy(hash::await).isInstanceOf(BlobVerificationException.class)
                    .hasMessageContaining("layer 1 " + d.digest()).hasMessageContaining("does not match");
        }
    }

    /** The caller gives up without reading (an error of its own): closing stops the waiting hasher, no hang. */
    @Test
    void closingWithoutAwaitStopsTheHasherEvenWhenItWaitsForTheCaller() throws IOException {
        byte[] bytes = new byte[3_000_000];
        Descriptor d = blob(bytes);
        BlobRegion region = new BlobRegion(dir.resolve("blob"), 0, bytes.length);
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            BackgroundBlobHash hash = new BackgroundBlobHash(channel, region, d, "blob", 4096);
            hash.close(); // the hasher is held back by the window (the caller read nothing): cancelled, waited for
            assertThatThrownBy(hash::await).isInstanceOf(IOException.class).hasMessageContaining("cancelled");
        }
    }
}
