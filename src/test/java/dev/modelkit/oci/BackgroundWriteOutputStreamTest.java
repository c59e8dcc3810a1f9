package dev.modelkit.oci;

import dev.modelkit.testing.FailingOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Buffers written and hashed on other threads: same bytes, same digest, failures not lost, the sink always closed. */
class BackgroundWriteOutputStreamTest {

    @Test
    void writesEveryByteInOrderAndHashesThem() throws IOException {
        byte[] input = new byte[3_000_000];
        new Random(4).nextBytes(input);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BackgroundWriteOutputStream out = new BackgroundWriteOutputStream(sink, true, 4096, 3);
        // writes of every size: single bytes, smaller and larger than a buffer
        int off = 0;
        int step = 1;
        while (off < input.length) {
            int n = Math.min(step, input.length - off);
            if (n == 1) {
                out.write(input[off]);
            } else {
                out.write(input, off, n);
            }
            off += n;
            step = step * 2 + 1;
            if (step > 50_000) {
                step = 1;
            }
        }
        out.close();
        assertThat(sink.toByteArray()).isEqualTo(input);
        assertThat(out.count()).isEqualTo(input.length);
        assertThat(out.digest()).isEqualTo(Digest.of(input));
    }

    @Test
    void anEmptyStreamHasTheEmptyDigest() throws IOException {
        BackgroundWriteOutputStream out = BackgroundWriteOutputStream.hashing(new ByteArrayOutputStream());
        out.close();
        assertThat(out.digest()).isEqualTo(Digest.of(new byte[0]));
        assertThat(out.count()).isZero();
    }

    @Test
    void theDigestIsOnlyThereOnceClosed() throws IOException {
        BackgroundWriteOutputStream out = BackgroundWriteOutputStream.hashing(new ByteArrayOutputStream());
        out.write(new byte[10]);
        assertThatThrownBy(out::digest).isInstanceOf(IllegalStateException.class);
        out.close();
        assertThatThrownBy(() -> new BackgroundWriteOutputStream(new ByteArrayOutputStream()).digest())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedWriteSurfacesAndTheSinkIsStillClosed() {
        FailingOutputStream failing = new FailingOutputStream(20_000, "No space left on device (test)");
        assertThatThrownBy(() -> {
            try (BackgroundWriteOutputStream out = new BackgroundWriteOutputStream(failing, true, 4096, 3)) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1000]);
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device (test)");
        assertThat(failing.closed()).isTrue();
    }

    @Test
    void flushWritesEverythingSoFar() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BackgroundWriteOutputStream out = new BackgroundWriteOutputStream(sink)) {
            out.write(new byte[] {1, 2, 3});
            out.flush();
            assertThat(sink.toByteArray()).containsExactly(1, 2, 3);
        }
    }
}
