package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file written both ways lands whole: aligned stretches around the cache, the rest through it; a direct write the
 * file system refuses (here: an unaligned length) goes through the cache, and so does every later write, as after
 * {@code useCacheFromNow}.
 */
class DirectFileTest {

    @Test
    void alignedWritesGoAroundTheCacheUntilOneIsRefusedOrTheCacheIsAskedFor(@TempDir Path dir) throws IOException {
        for (boolean refused : new boolean[] {true, false}) {
            Path file = Files.createFile(dir.resolve("file-" + refused));
            byte[] expected = new byte[4 * DirectFile.MIN_ALIGNMENT + 123];
            new Random(refused ? 1 : 2).nextBytes(expected);
            try (DirectFile out = DirectFile.open(file)) {
                assertThat(out).as("O_DIRECT on the test's file system (ext4 in CI)").isNotNull();
                int a = out.alignment();
                assertThat(a % DirectFile.MIN_ALIGNMENT).isZero();
                ByteBuffer buffer = ByteBuffer.allocateDirect(expected.length + a).alignedSlice(a);
                assertThat(out.write(buffer.clear().put(expected, 0, a).flip(), 0)).isTrue();
                if (refused) {
                    assertThat(out.write(buffer.clear().put(expected, a, 100).flip(), a)).as("unaligned").isFalse();
                    assertThat(out.write(buffer.clear().put(expected, a + 100, a - 100).flip(), a + 100)).isFalse();
                } else {
                    out.useCacheFromNow();
                    assertThat(out.write(buffer.clear().put(expected, a, a).flip(), a)).isFalse();
                }
                assertThat(out.write(buffer.clear().put(expected, 2 * a, a).flip(), 2L * a)).isFalse();
                out.writeCached(buffer.clear().put(expected, 3 * a, expected.length - 3 * a).flip(), 3L * a);
            }
            assertThat(Arrays.equals(Files.readAllBytes(file), expected)).as("refused %s", refused).isTrue();
        }
    }
}
