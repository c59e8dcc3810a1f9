package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

/** A file changed in place is told from the file as it was, even when its size and modification time are put back. */
class FileVersionTest {

    @TempDir
    Path dir;

    @Test
    void theSameFileUntouchedIsTheSameVersion() throws IOException {
        Path f = Files.writeString(dir.resolve("blob"), "0123456789");
        assertThat(FileVersion.of(f)).isEqualTo(FileVersion.of(f));
    }

    @Test
    void aByteChangedInPlaceWithItsTimeSetBackIsAnotherVersion() throws Exception {
        Path f = Files.writeString(dir.resolve("blob"), "0123456789");
        FileTime mtime = Files.getLastModifiedTime(f);
        FileVersion before = FileVersion.of(f);
        Thread.sleep(20); // the change time moves on (file systems keep it to the nanosecond or the jiffy)
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(5);
            raf.write('x');
        }
        Files.setLastModifiedTime(f, mtime); // what `touch -r` or `rsync -t` would do
        FileVersion after = FileVersion.of(f);
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.modified()).isEqualTo(before.modified());
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void anotherFileUnderTheSameNameIsAnotherVersion() throws IOException {
        Path f = Files.writeString(dir.resolve("blob"), "0123456789");
        FileVersion before = FileVersion.of(f);
        Path other = Files.writeString(dir.resolve("other"), "0123456789");
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(f));
        Files.move(other, f, StandardCopyOption.REPLACE_EXISTING);
        assertThat(FileVersion.of(f).fileKey()).isNotEqualTo(before.fileKey());
        assertThat(FileVersion.of(f)).isNotEqualTo(before);
    }

    @Test
    void aLongerFileIsAnotherVersion() throws IOException {
        Path f = Files.writeString(dir.resolve("blob"), "0123456789");
        FileVersion before = FileVersion.of(f);
        FileTime mtime = Files.getLastModifiedTime(f);
        Files.writeString(f, "01234567890");
        Files.setLastModifiedTime(f, mtime);
        assertThat(FileVersion.of(f)).isNotEqualTo(before);
    }
}
