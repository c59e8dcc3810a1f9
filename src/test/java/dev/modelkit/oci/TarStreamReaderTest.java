package dev.modelkit.oci;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
}
