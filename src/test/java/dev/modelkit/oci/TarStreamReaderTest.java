package dev.modelkit.oci;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An entry's content stream: every way of reading it stays inside the entry and keeps the reader's place. */
class TarStreamReaderTest {

    static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
                e.setSize(data.length);
                out.putArchiveEntry(e);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void singleByteReadsSkipsAndBulkReadsStayInsideTheEntry() throws IOException {
        TarStreamReader tar = new TarStreamReader(new ByteArrayInputStream(tar("a.txt", "abcdef", "b.txt", "xyz")));
        TarStreamReader.Entry a = tar.next();
        assertThat(a.name()).isEqualTo("a.txt");
        InputStream content = tar.content();
        assertThat(content.read()).isEqualTo('a');
        assertThat(content.skip(2)).isEqualTo(2);
        assertThat(tar.position()).isEqualTo(a.dataOffset() + 3);
        assertThat(content.available()).isLessThanOrEqualTo(3);
        assertThat(content.readAllBytes()).isEqualTo("def".getBytes(StandardCharsets.UTF_8));
        assertThat(content.read()).isEqualTo(-1);
        assertThat(content.skip(10)).isZero();
        content.close();

        TarStreamReader.Entry b = tar.next();
        assertThat(b.name()).isEqualTo("b.txt");
        assertThat(tar.content().readAllBytes()).isEqualTo("xyz".getBytes(StandardCharsets.UTF_8));
        assertThat(tar.next()).isNull();
    }

    @Test
    void anEntryCutShortFails() throws IOException {
        byte[] whole = tar("a.txt", "abcdef");
        TarStreamReader tar = new TarStreamReader(new ByteArrayInputStream(Arrays.copyOf(whole, 512 + 3)));
        tar.next();
        InputStream content = tar.content();
        assertThat(content.read()).isEqualTo('a');
        assertThatThrownBy(content::readAllBytes).hasMessageContaining("tar entry data ends early");
    }

    @Test
    void copyContentToCopiesTheWholeEntryFromAnyStream(@TempDir Path dir) throws IOException {
        String big = "0123456789".repeat(100_000);
        byte[] bytes = tar("a.txt", "abcdef", "big.bin", big, "c.txt", "xyz");
        Path file = dir.resolve("layer.tar");
        Files.write(file, bytes);
        // The same tar from a plain stream, and from a file region copied by the kernel and around the page cache:
        // the same files, the same places.
        for (String how : new String[] {"stream", "kernel", "uncached"}) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            InputStream in = how.equals("stream") ? new ByteArrayInputStream(bytes)
                    : new FileRegionInputStream(channel, new BlobRegion(file, 0, bytes.length), Lockstep.Pace.ALONE);
            UncachedCopies copies = how.equals("uncached") ? UncachedCopies.open(0) : null;
            TarStreamReader tar = new TarStreamReader(in);
            for (String[] expected : new String[][] {{"a.txt", "abcdef"}, {"big.bin", big}, {"c.txt", "xyz"}}) {
                TarStreamReader.Entry e = tar.next();
                assertThat(e.name()).isEqualTo(expected[0]);
                Path target = Files.createFile(dir.resolve(how + "-" + e.name()));
                tar.copyContentTo(target, copies);
                assertThat(tar.position()).isEqualTo(e.dataOffset() + e.size());
                assertThat(Files.readString(target)).isEqualTo(expected[1]);
            }
            assertThat(tar.next()).isNull();
            channel.close();
            if (copies != null) {
                assertThat(copies.directWrites()).as("big.bin's aligned part around the cache").isEqualTo(1);
            }
        }
    }

    @Test
    void copyContentToFailsOnAnEntryCutShort(@TempDir Path dir) throws IOException {
        byte[] whole = tar("a.txt", "abcdef".repeat(1000));
        Path file = dir.resolve("cut.tar");
        Files.write(file, Arrays.copyOf(whole, 512 + 3000));
        for (UncachedCopies copies : new UncachedCopies[] {null, UncachedCopies.open(0)}) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                TarStreamReader tar = new TarStreamReader(new FileRegionInputStream(channel,
                        new BlobRegion(file, 0, Files.size(file)), Lockstep.Pace.ALONE));
                tar.next();
                Path target = Files.createFile(dir.resolve("a-" + (copies != null)));
                assertThatThrownBy(() -> tar.copyContentTo(target, copies)).isInstanceOf(java.io.EOFException.class)
                        .hasMessageContaining("tar entry data ends early").hasMessageContaining("3000 bytes early");
            }
        }
    }
}
