package dev.modelkit.oci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A copy around the page cache holds exactly the source's bytes, whatever the length and however it falls on the
 * chunks and the alignment, reads no byte more than it copies, and leaves its buffers fit for the next copy after a
 * failure; no more than four copies hold buffers at once; the setting turns it off, and an unknown value is an
 * error.
 */
class UncachedCopiesTest {

    /** Hands out a fixed array's bytes, counting them; fails after {@code failAfter} bytes if that is set. */
    static class ArraySource implements UncachedCopies.Source {
        final byte[] bytes;
        final long failAfter;
        long handedOut;

        ArraySource(byte[] bytes, long failAfter) {
            this.bytes = bytes;
            this.failAfter = failAfter;
        }

        @Override
        public void fill(ByteBuffer into) throws IOException {
            int n = into.remaining();
            if (handedOut + n > failAfter) {
                throw new IOException("the source broke at " + failAfter);
            }
            if (handedOut + n > bytes.length) {
                throw new EOFException("asked for " + (handedOut + n - bytes.length) + " bytes past the end");
            }
            into.put(bytes, (int) handedOut, n);
            handedOut += n;
        }
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    @AfterEach
    void clearSetting() {
        System.clearProperty(UncachedCopies.PROPERTY);
    }

    @Test
    void holdsEveryByteAndReadsNoneMore(@TempDir Path dir) throws IOException {
        int chunk = UncachedCopies.CHUNK;
        UncachedCopies copies = UncachedCopies.open(0);
        long chunksWritten = 0;
        for (int length : new int[] {0, 1, 65_536, 65_537, chunk, chunk + 1, 3 * chunk + 777, 6 * chunk}) {
            // the source holds more than is copied: a copy that read past its count would show
            ArraySource source = new ArraySource(random(length + 100_000), Long.MAX_VALUE);
            Path target = Files.createFile(dir.resolve("file-" + length));
            assertThat(copies.copy(source, length, target)).as("O_DIRECT on the test's file system (ext4 in CI)")
                    .isTrue();
            assertThat(source.handedOut).as("bytes read for %d", length).isEqualTo(length);
            assertThat(Arrays.equals(Files.readAllBytes(target), Arrays.copyOf(source.bytes, length)))
                    .as("content, length %d", length).isTrue();
            chunksWritten += length / 65_536 > 0 ? (length + chunk - 1) / chunk : 0;
        }
        // The first write of each copy goes around the cache, so every copy with an aligned part wrote some that way.
        assertThat(copies.directWrites()).isBetween(6L, chunksWritten);
    }

    @Test
    void aFailedCopyLeavesItsBuffersFitForTheNext(@TempDir Path dir) throws IOException {
        UncachedCopies copies = UncachedCopies.open(0);
        byte[] first = random(5 * UncachedCopies.CHUNK);
        ArraySource breaking = new ArraySource(first, 4L * UncachedCopies.CHUNK + 5);
        Path broken = Files.createFile(dir.resolve("broken"));
        assertThatThrownBy(() -> copies.copy(breaking, first.length, broken)).hasMessageContaining("broke at");
        byte[] second = random(4 * UncachedCopies.CHUNK + 3);
        Path target = Files.createFile(dir.resolve("second"));
        assertThat(copies.freeBufferSets()).as("the failed copy's buffers, back once its writes stopped").isEqualTo(1);
        assertThat(copies.copy(new ArraySource(second, Long.MAX_VALUE), second.length, target)).isTrue();
        assertThat(Arrays.equals(Files.readAllBytes(target), second)).isTrue();
        assertThat(copies.freeBufferSets()).as("the same set again").isEqualTo(1);
    }

    /** Copies under way at once hold at most MAX_BUFFER_SETS sets; one more is left to the kernel, unread. */
    @Test
    void copiesBeyondTheBufferLimitAreLeftToTheKernel(@TempDir Path dir) throws Exception {
        UncachedCopies copies = UncachedCopies.open(0);
        CountDownLatch filling = new CountDownLatch(UncachedCopies.MAX_BUFFER_SETS);
        CountDownLatch release = new CountDownLatch(1);
        byte[] bytes = random(2 * UncachedCopies.CHUNK);
        ExecutorService pool = Executors.newFixedThreadPool(UncachedCopies.MAX_BUFFER_SETS);
        try {
            List<Future<Boolean>> running = new ArrayList<>();
            for (int i = 0; i < UncachedCopies.MAX_BUFFER_SETS; i++) {
                Path target = Files.createFile(dir.resolve("held-" + i));
                ArraySource held = new ArraySource(bytes, Long.MAX_VALUE) {
                    @Override
                    public void fill(ByteBuffer into) throws IOException {
                        filling.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                        super.fill(into);
                    }
                };
                running.add(pool.submit(() -> copies.copy(held, bytes.length, target)));
            }
            filling.await();
            ArraySource extra = new ArraySource(bytes, Long.MAX_VALUE);
            assertThat(copies.copy(extra, bytes.length, Files.createFile(dir.resolve("extra")))).isFalse();
            assertThat(extra.handedOut).isZero();
            release.countDown();
            for (Future<Boolean> f : running) {
                assertThat(f.get()).isTrue();
            }
            assertThat(copies.freeBufferSets()).isEqualTo(UncachedCopies.MAX_BUFFER_SETS);
            for (int i = 0; i < UncachedCopies.MAX_BUFFER_SETS; i++) {
                assertThat(Arrays.equals(Files.readAllBytes(dir.resolve("held-" + i)), bytes)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSourceThatEndsEarlyFailsTheCopy(@TempDir Path dir) throws IOException {
        UncachedCopies copies = UncachedCopies.open(0);
        Path target = Files.createFile(dir.resolve("short"));
        ArraySource source = new ArraySource(random(UncachedCopies.CHUNK + 10), Long.MAX_VALUE);
        assertThatThrownBy(() -> copies.copy(source, 2L * UncachedCopies.CHUNK, target))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void onlyFilesFromTheMinimumSizeAreWanted() {
        UncachedCopies copies = UncachedCopies.open(UncachedCopies.MIN_SIZE);
        assertThat(copies.wants(UncachedCopies.MIN_SIZE)).isTrue();
        assertThat(copies.wants(UncachedCopies.MIN_SIZE - 1)).isFalse();
    }

    @Test
    void theSettingTurnsItOffAndAnUnknownValueIsAnError() {
        System.setProperty(UncachedCopies.PROPERTY, "never");
        assertThat(UncachedCopies.open(0)).isNull();
        System.setProperty(UncachedCopies.PROPERTY, "auto");
        assertThat(UncachedCopies.open(0)).isNotNull();
        System.setProperty(UncachedCopies.PROPERTY, "off");
        assertThatThrownBy(() -> UncachedCopies.open(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(UncachedCopies.PROPERTY + "=off");
    }
}
