package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a few buffers ahead on another thread: the same bytes, failures not lost, closing never hangs. */
class ReadAheadInputStreamTest {

    @Test
    void givesTheSourceBytesUnchanged() throws IOException {
        byte[] input = new byte[1_000_003];
        new Random(8).nextBytes(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(input), 4096, 3)) {
            byte[] buffer = new byte[7000];
            int n;
            boolean single = true;
            while (true) {
                if (single) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                } else if ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                    out.write(buffer, 0, n);
                } else {
                    break;
                }
                single = !single;
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(out.toByteArray()).isEqualTo(input);
    }

    @Test
    void anEmptySourceEndsAtOnce() throws IOException {
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(new byte[0]))) {
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        }
    }

    @Test
    void aReadFailureSurfacesWhereTheReaderGetsToIt() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ >= 10_000) {
                    throw new IOException("Input/output error (test)");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> {
            try (InputStream in = new ReadAheadInputStream(failing, 1024, 2)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("Input/output error (test)");
    }

    /** A failure stays a failure: a clean-up read after it must not look like the end of a short blob. */
    @Test
    void everyReadAfterAFailureFailsToo() throws IOException {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset (test)");
            }
        };
        try (InputStream in = new ReadAheadInputStream(failing, 1024, 2)) {
            assertThatThrownBy(in::read).hasMessageContaining("Connection reset (test)");
            assertThatThrownBy(in::read).hasMessageContaining("Connection reset (test)");
        }
    }

    /** A source that throws something unchecked ends the reading with an IOException, never with a wait. */
    @Test
    @Timeout(10)
    void anUncheckedFailureStillReachesTheReader() throws IOException {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("bug in a source (test)");
            }
        };
        try (InputStream in = new ReadAheadInputStream(broken, 1024, 2)) {
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("bug in a source (test)");
        }
    }

    /** A consumer that stops early (a bad tar entry) closes the stream while the reader waits for a free buffer. */
    @Test
    @Timeout(10)
    void closingEarlyStopsTheReaderAndClosesTheSource() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 1);
                return len;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        InputStream in = new ReadAheadInputStream(endless, 1024, 2);
        assertThat(in.read(new byte[100], 0, 100)).isEqualTo(100);
        in.close();
        assertThat(closed).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
