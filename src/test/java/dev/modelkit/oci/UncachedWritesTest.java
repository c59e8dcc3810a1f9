package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes around the page cache land where they were asked to, in order, beside bytes written through the cache; a
 * write the file system refuses (here: not aligned) is written through the cache instead, and so are later ones. By
 * default only writes that would pass the kernel's dirty-page limit go around the cache, the limit computed from
 * {@code /proc} as the kernel does.
 */
class UncachedWritesTest {

    @Test
    void alignedBuffersLandAtTheirPositionsAndMisalignedOnesThroughTheCache(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("archive"));
        try (UncachedWrites writes = UncachedWrites.open(file, Long.MAX_VALUE)) {
            assertThat(writes).as("O_DIRECT on the test's file system (ext4 in CI)").isNotNull();
            int alignment = writes.alignment();
            assertThat(alignment % 4096).isZero();
            byte[] expected = new byte[UncachedWrites.BUFFER_SIZE + 4 * alignment + 100];
            new Random(3).nextBytes(expected);

            ByteBuffer first = writes.take();
            first.put(expected, alignment, UncachedWrites.BUFFER_SIZE).flip();
            writes.write(first, alignment);
            ByteBuffer second = writes.take();
            second.put(expected, alignment + UncachedWrites.BUFFER_SIZE, 2 * alignment).flip();
            writes.write(second, alignment + UncachedWrites.BUFFER_SIZE);
            writes.drain();
            // the unaligned ends, through the cache
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(expected, 0, alignment), 0);
            }
            // a misaligned position: direct I/O refuses it, the cache takes it
            long odd = alignment + UncachedWrites.BUFFER_SIZE + 2L * alignment;
            ByteBuffer third = writes.take();
            third.put(expected, (int) odd, expected.length - (int) odd).flip();
            writes.write(third, odd);
            writes.drain();
            assertThat(Arrays.equals(Files.readAllBytes(file), expected)).isTrue();
        }
    }

    @Test
    void autoWritesAroundTheCacheOnlyWhatWouldPassTheDirtyPageLimit(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("archive"));
        OptionalLong headroom = DirtyPageLimit.headroom();
        assertThat(headroom).as("/proc on Linux").isPresent();
        assertThat(UncachedWrites.open(file, 1)).isNull();
        try (UncachedWrites writes = UncachedWrites.open(file, headroom.getAsLong() + (1L << 40))) {
            assertThat(writes).isNotNull();
        }
    }

    @Test
    void theLimitIsTheMidpointOfTheKernelsTwoLessWhatIsDirty(@TempDir Path proc) throws IOException {
        Path vm = Files.createDirectories(proc.resolve("sys/vm"));
        Files.writeString(proc.resolve("meminfo"), """
                MemTotal:       24684092 kB
                MemAvailable:   20000000 kB
                Dirty:            100000 kB
                Writeback:         20000 kB
                """);
        Files.writeString(vm.resolve("dirty_background_ratio"), "10\n");
        Files.writeString(vm.resolve("dirty_ratio"), "20\n");
        Files.writeString(vm.resolve("dirty_background_bytes"), "0\n");
        Files.writeString(vm.resolve("dirty_bytes"), "0\n");
        long available = 20_000_000L * 1024;
        assertThat(DirtyPageLimit.headroom(proc)).hasValue((available / 100 * 10 + available / 100 * 20) / 2
                - 120_000L * 1024);

        Files.writeString(vm.resolve("dirty_bytes"), "1000000000\n"); // bytes, when set, win over the ratio
        assertThat(DirtyPageLimit.headroom(proc)).hasValue((available / 100 * 10 + 1_000_000_000L) / 2
                - 120_000L * 1024);

        Files.writeString(proc.resolve("meminfo"), "MemTotal: 1 kB\n");
        assertThat(DirtyPageLimit.headroom(proc)).isEmpty();
    }
}
