package dev.modelkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files opened to be written from their start: created when missing, emptied when they hold bytes, and an empty file
 * is not truncated at all (no {@code O_TRUNC}: truncating would stamp its modification time, and on ext4 make its
 * close flush it to the disk).
 */
class NewFilesTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @Test
    void anEmptyFileIsOpenedWithoutBeingTruncated(@TempDir Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "blob-", ".tmp");
        Files.setLastModifiedTime(file, LONG_AGO);
        try (FileChannel channel = NewFiles.channel(file, StandardOpenOption.READ)) {
            assertThat(channel.size()).isZero();
        }
        assertThat(Files.getLastModifiedTime(file)).as("O_TRUNC would have stamped it").isEqualTo(LONG_AGO);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            assertThat(channel.size()).isZero();
        }
        assertThat(Files.getLastModifiedTime(file)).as("the check can fail").isNotEqualTo(LONG_AGO);
    }

    @Test
    void aFileWithBytesIsEmptiedAndAMissingOneCreated(@TempDir Path dir) throws IOException {
        Path old = Files.writeString(dir.resolve("old"), "a longer earlier content");
        try (FileChannel channel = NewFiles.channel(old)) {
            channel.write(ByteBuffer.wrap(new byte[] {'n', 'e', 'w'}));
        }
        assertThat(Files.readString(old)).isEqualTo("new");

        Path missing = dir.resolve("missing");
        try (OutputStream out = NewFiles.outputStream(missing)) {
            out.write('x');
        }
        assertThat(Files.readString(missing)).isEqualTo("x");
    }
}
