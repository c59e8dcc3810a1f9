package dev.modelkit.oci;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one verifying stream every reader of a blob uses (unpack, pull, push's "hash first" and upload bodies): the last
 * bytes of a wrong blob are never handed out, whatever is wrong with it.
 */
class VerifyingInputStreamTest {

    static final String LABEL = "layer 1 (application/x-test)";
    static final byte[] BLOB = bytes(10);

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    static Descriptor descriptorOf(byte[] content) {
        return new Descriptor("application/x-test", Digest.of(content), content.length);
    }

    /** Hands out at most {@code chunk} bytes per read and remembers the last bulk read it was asked for. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private final int chunk;
        long delivered;
        byte[] lastArray;
        int lastLen;

        Chunked(byte[] content, int chunk) {
            this(new ByteArrayInputStream(content), chunk);
        }

        Chunked(InputStream in, int chunk) {
            this.in = in;
            this.chunk = chunk;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            delivered += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            lastArray = b;
            lastLen = len;
            int n = in.read(b, off, Math.min(len, chunk));
            delivered += Math.max(n, 0);
            return n;
        }
    }

    /** Endless bytes: a descriptor that lies about the size must not make a reader loop forever. */
    static final class Endless extends InputStream {
        @Override
        public int read() {
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 'x');
            return len;
        }
    }

    @Test
    void aGoodBlobPassesThroughUnchanged() throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(new Chunked(BLOB, 3), descriptorOf(BLOB), LABEL)) {
            assertThat(v.readAllBytes()).isEqualTo(BLOB);
            assertThat(v.count()).isEqualTo(BLOB.length);
            assertThat(v.read()).isEqualTo(-1);
            assertThat(v.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void bulkReadsGoStraightIntoTheCallersBuffer() throws IOException {
        byte[] big = bytes(200_000);
        Chunked raw = new Chunked(big, Integer.MAX_VALUE);
        try (VerifyingInputStream v = new VerifyingInputStream(raw, descriptorOf(big), LABEL)) {
            byte[] buf = new byte[64 * 1024];
            assertThat(v.read(buf, 0, buf.length)).isEqualTo(buf.length);
            assertThat(raw.lastArray).isSameAs(buf);
            assertThat(raw.lastLen).isEqualTo(buf.length);
            v.verifyToEnd();
        }
    }

    @Test
    void theLastBufferOfAWrongBlobIsNotHandedOut() throws IOException {
        byte[] altered = BLOB.clone();
        altered[9] ^= 1;
        try (VerifyingInputStream v = new VerifyingInputStream(new Chunked(altered, 4), descriptorOf(BLOB), LABEL)) {
            byte[] buf = new byte[4];
            assertThat(v.read(buf, 0, 4)).isEqualTo(4);
            assertThat(v.read(buf, 0, 4)).isEqualTo(4);
            // The last two bytes complete the blob: its digest is checked before they are returned.
            assertThatThrownBy(() -> v.read(buf, 0, 4))
                    .isInstanceOf(BlobVerificationException.class)
                    .hasMessage(LABEL + " " + Digest.of(BLOB) + " does not match its content (sha256 of the bytes is "
                            + Digest.of(altered) + ")");
        }
    }

    @Test
    void aWrongBlobReadInOneGoFailsThatRead() {
        byte[] altered = BLOB.clone();
        altered[0] ^= 1;
        VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(altered), descriptorOf(BLOB), LABEL);
        assertThatThrownBy(() -> v.read(new byte[100], 0, 100)).hasMessageContaining("does not match its content");
    }

    @Test
    void aShorterBlobFailsWhereItEnds() {
        byte[] shorter = Arrays.copyOf(BLOB, 8);
        VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(shorter), descriptorOf(BLOB), LABEL);
        assertThatThrownBy(v::readAllBytes)
                .isInstanceOf(BlobVerificationException.class)
                .hasMessage(LABEL + " " + Digest.of(BLOB) + " is truncated: 8 bytes instead of the 10 its descriptor"
                        + " says");
    }

    @Test
    void aLongerBlobFailsBeforeItsDeclaredLastBytesAreHandedOut() throws IOException {
        byte[] longer = Arrays.copyOf(BLOB, 12);
        try (VerifyingInputStream v = new VerifyingInputStream(new Chunked(longer, 5), descriptorOf(BLOB), LABEL)) {
            byte[] buf = new byte[100];
            assertThat(v.read(buf, 0, 100)).isEqualTo(5);
            assertThatThrownBy(() -> v.read(buf, 0, 100))
                    .isInstanceOf(BlobVerificationException.class)
                    .hasMessage(LABEL + " " + Digest.of(BLOB) + " is longer than the 10 bytes its descriptor says");
        }
    }

    @Test
    void anEndlessStreamIsReadOnlyOneByteBeyondTheDeclaredSize() {
        Chunked endless = new Chunked(new Endless(), Integer.MAX_VALUE);
        VerifyingInputStream v = new VerifyingInputStream(endless, descriptorOf(BLOB), LABEL);
        assertThatThrownBy(v::readAllBytes).hasMessageContaining("is longer than the 10 bytes");
        assertThat(endless.delivered).isEqualTo(11);
    }

    @Test
    void anEmptyBlobIsCheckedToo() throws IOException {
        byte[] empty = new byte[0];
        try (VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(empty), descriptorOf(empty),
                LABEL)) {
            assertThat(v.read()).isEqualTo(-1);
        }
        VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(new byte[1]), descriptorOf(empty),
                LABEL);
        assertThatThrownBy(v::read).hasMessageContaining("is longer than the 0 bytes");
        Descriptor lying = new Descriptor("application/x-test", Digest.of(BLOB), 0);
        VerifyingInputStream w = new VerifyingInputStream(new ByteArrayInputStream(empty), lying, LABEL);
        assertThatThrownBy(w::read).hasMessageContaining("does not match its content");
    }

    @Test
    void verifyToEndChecksWhatAReaderLeft() throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(new Chunked(BLOB, 3), descriptorOf(BLOB), LABEL)) {
            assertThat(v.read()).isEqualTo(BLOB[0] & 0xff);
            v.verifyToEnd();
            assertThat(v.count()).isEqualTo(BLOB.length);
        }
        byte[] altered = BLOB.clone();
        altered[9] ^= 1;
        VerifyingInputStream v = new VerifyingInputStream(new Chunked(altered, 3), descriptorOf(BLOB), LABEL);
        assertThat(v.read(new byte[2], 0, 2)).isEqualTo(2);
        assertThatThrownBy(v::verifyToEnd).hasMessageContaining("does not match its content");
    }

    @Test
    void aFailureStaysTheSameOnLaterReads() {
        byte[] altered = BLOB.clone();
        altered[3] ^= 1;
        VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(altered), descriptorOf(BLOB), LABEL);
        Throwable first = org.assertj.core.api.Assertions.catchThrowable(v::readAllBytes);
        assertThat(first).hasMessageContaining("sha256 of the bytes is " + Digest.of(altered));
        // A reader's clean-up (LayerExtractor's verifyToEnd after a decompression error) sees the real cause again.
        assertThatThrownBy(v::verifyToEnd).isSameAs(first);
        assertThatThrownBy(v::read).isSameAs(first);
    }

    @Test
    void skippedBytesAreVerifiedToo() throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(new Chunked(BLOB, 3), descriptorOf(BLOB), LABEL)) {
            assertThat(v.skip(100)).isEqualTo(BLOB.length);
            assertThat(v.read()).isEqualTo(-1);
        }
        byte[] altered = BLOB.clone();
        altered[5] ^= 1;
        VerifyingInputStream v = new VerifyingInputStream(new Chunked(altered, 3), descriptorOf(BLOB), LABEL);
        assertThatThrownBy(() -> v.skip(100)).hasMessageContaining("does not match its content");
    }

    @Test
    void verifyReadsAWholeBlob() throws IOException {
        VerifyingInputStream.verify(new ByteArrayInputStream(BLOB), descriptorOf(BLOB), "blob from layout x");
        assertThatThrownBy(() -> VerifyingInputStream.verify(new ByteArrayInputStream(Arrays.copyOf(BLOB, 9)),
                descriptorOf(BLOB), "blob from layout x"))
                .hasMessageStartingWith("blob from layout x " + Digest.of(BLOB) + " is truncated");
    }

    @Test
    void readSmallRefusesAnOversizedDescriptorBeforeReading() throws IOException {
        assertThat(VerifyingInputStream.readSmall(new ByteArrayInputStream(BLOB), descriptorOf(BLOB), "config", 10))
                .isEqualTo(BLOB);
        assertThatThrownBy(() -> VerifyingInputStream.readSmall(new Endless(), descriptorOf(BLOB), "config", 9))
                .isInstanceOf(BlobVerificationException.class)
                .hasMessage("config " + Digest.of(BLOB) + " claims 10 bytes; at most 9 are accepted");
        assertThatThrownBy(() -> VerifyingInputStream.readSmall(new Endless(), descriptorOf(BLOB), "config", 10))
                .hasMessageContaining("is longer than the 10 bytes");
    }
}
