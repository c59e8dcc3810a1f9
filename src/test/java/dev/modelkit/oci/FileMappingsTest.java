package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A mapped window is gone from the process's memory map as soon as it is closed, not when the garbage collector gets
 * to it; which way of unmapping is used depends on the running JDK. .ci/run runs this class again on a JDK 22+ when
 * one is installed, for the arena way.
 */
class FileMappingsTest {

    @TempDir
    Path dir;

    @Test
    void theRunningJdkGetsItsOwnWayOfUnmapping() {
        boolean arenas = Runtime.version().feature() >= 22;
        assertThat(FileMappings.forRunningJdk().name()).isEqualTo(arenas ? "arena" : "cleaner");
        assertThat(FileMappings.arenas() != null).isEqualTo(arenas);
        assertThat(FileMappings.none().available()).isFalse();
    }

    @Test
    void aClosedWindowIsUnmappedAtOnce() throws IOException {
        FileMappings mappings = FileMappings.forRunningJdk();
        Path file = dir.resolve("mapped-" + mappings.name() + ".bin");
        byte[] bytes = new byte[3 * 4096 + 100];
        new Random(5).nextBytes(bytes);
        Files.write(file, bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileMappings.Mapping mapping = mappings.map(channel, 4096, 2 * 4096 + 100);
            ByteBuffer buffer = mapping.buffer();
            byte[] read = new byte[buffer.remaining()];
            buffer.get(read);
            assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(bytes, 4096, bytes.length));
            assertThat(memoryMap()).contains(file.toString());
            mapping.close();
            assertThat(memoryMap()).doesNotContain(file.toString());
            assertThatThrownBy(mapping::buffer).isInstanceOf(IllegalStateException.class);
            mapping.close(); // twice is harmless
        }
    }

    private static String memoryMap() throws IOException {
        return Files.readString(Path.of("/proc/self/maps"));
    }
}
