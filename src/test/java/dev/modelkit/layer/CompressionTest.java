package dev.modelkit.layer;

import io.airlift.compress.zstd.ZstdInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunked parallel compression: same bytes on one thread or four, readable by Java and by the gzip/zstd CLIs. */
class CompressionTest {

    static final CompressionPool POOL = CompressionPool.of(4);

    @AfterAll
    static void stop() {
        POOL.close();
    }

    /** Random bytes (like weights) and text (like a CSV) in turn, across several chunks. */
    static byte[] mixed(int size) {
        byte[] data = new byte[size];
        Random random = new Random(1);
        int off = 0;
        boolean text = false;
        while (off < size) {
            int n = Math.min(size - off, 700_000 + random.nextInt(900_000));
            if (text) {
                byte[] line = "42,0.123456,cat,some text that repeats a lot\n".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < n; i++) {
                    data[off + i] = line[i % line.length];
                }
            } else {
                byte[] r = new byte[n];
                random.nextBytes(r);
                System.arraycopy(r, 0, data, off, n);
            }
            off += n;
            text = !text;
        }
        return data;
    }

    static byte[] compress(Compression c, byte[] input, boolean parallel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = parallel ? c.compress(out, POOL) : c.compress(out)) {
            // odd write sizes, to cross chunk borders anywhere
            int off = 0;
            int step = 1;
            while (off < input.length) {
                int n = Math.min(step, input.length - off);
                z.write(input, off, n);
                off += n;
                step = step * 3 + 1;
                if (step > 3_000_000) {
                    step = 7;
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] decompress(Compression c, byte[] data) throws IOException {
        try (InputStream in = c == Compression.ZSTD ? new ZstdInputStream(new ByteArrayInputStream(data))
                : new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "GZIP_FASTEST", "ZSTD"})
    void sameBytesWhateverTheThreadsAndRoundTrips(Compression c) throws IOException {
        for (int size : List.of(0, 1, 511, Compression.GZIP_CHUNK, Compression.ZSTD_CHUNK,
                Compression.ZSTD_CHUNK + 1, 11_000_000)) {
            byte[] input = mixed(size);
            byte[] sequential = compress(c, input, false);
            byte[] parallel = compress(c, input, true);
            assertThat(parallel).as("%s of %d bytes", c, size).isEqualTo(sequential);
            if (c != Compression.ZSTD || size > 0) {
                assertThat(decompress(c, parallel)).as("%s of %d bytes", c, size).isEqualTo(input);
            }
        }
    }

    @Test
    void incompressibleChunksAreStoredCheaply() throws IOException {
        byte[] random = new byte[6 * 1024 * 1024];
        new Random(5).nextBytes(random);
        for (Compression c : List.of(Compression.GZIP, Compression.ZSTD)) {
            byte[] out = compress(c, random, true);
            assertThat((double) out.length).as(c.name()).isLessThan(random.length * 1.001);
            assertThat(decompress(c, out)).isEqualTo(random);
        }
    }

    @Test
    void textCompressesWell() throws IOException {
        byte[] text = repeated("id,feature,label\n1,0.5,cat\n", 5 * 1024 * 1024);
        assertThat(compress(Compression.GZIP, text, true).length).isLessThan(text.length / 50);
        assertThat(compress(Compression.ZSTD, text, true).length).isLessThan(text.length / 50);
    }

    @Test
    void theCommandLineToolsReadTheOutput(@TempDir Path dir) throws Exception {
        byte[] input = mixed(7_500_000);
        for (Compression c : List.of(Compression.GZIP, Compression.GZIP_FASTEST, Compression.ZSTD)) {
            Path file = dir.resolve("x." + c.kitName());
            Files.write(file, compress(c, input, true));
            String tool = c == Compression.ZSTD ? "zstd -dcq " : "gzip -dc ";
            Process p = new ProcessBuilder("bash", "-c", tool + file).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] decoded = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(decoded).as(c.name()).isEqualTo(input);
        }
    }

    /** Each zstd encoder gives the same bytes on one thread or four; the CLI and aircompressor read both. */
    @ParameterizedTest
    @EnumSource(value = ZstdEncoder.class, names = {"NATIVE", "JAVA"})
    void eachZstdEncoderIsDeterministicAndReadable(ZstdEncoder encoder, @TempDir Path dir) throws Exception {
        byte[] input = mixed(9_000_000);
        byte[] one;
        byte[] four;
        try (CompressionPool single = CompressionPool.callingThread(encoder);
             CompressionPool pool = CompressionPool.of(4, encoder)) {
            assertThat(pool.zstdEncoder()).isEqualTo(encoder);
            one = compressWith(single, input);
            four = compressWith(pool, input);
        }
        assertThat(four).isEqualTo(one);
        assertThat(decompress(Compression.ZSTD, four)).isEqualTo(input);
        Path file = dir.resolve("x.zst");
        Files.write(file, four);
        Process p = new ProcessBuilder("zstd", "-dcq", file.toString()).start();
        byte[] decoded = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(decoded).isEqualTo(input);
    }

    @Test
    void theTwoZstdEncodersWriteDifferentBytesForText() throws IOException {
        byte[] text = repeated("id,feature,label\n1,0.5,cat\n2,0.25,dog\n", 3 * 1024 * 1024);
        try (CompressionPool nativePool = CompressionPool.callingThread(ZstdEncoder.NATIVE);
             CompressionPool javaPool = CompressionPool.callingThread(ZstdEncoder.JAVA)) {
            byte[] fromNative = compressWith(nativePool, text);
            byte[] fromJava = compressWith(javaPool, text);
            assertThat(fromNative).isNotEqualTo(fromJava);
            assertThat(decompress(Compression.ZSTD, fromNative)).isEqualTo(decompress(Compression.ZSTD, fromJava));
        }
    }

    @Test
    void libzstdLoadsOnTheBuildMachine() {
        // CI runs on linux/amd64, where zstd-jni ships its library: auto must pick it there.
        assertThat(ZstdEncoder.nativeLoadFailure()).isNull();
        assertThat(ZstdEncoder.AUTO.resolve()).isEqualTo(ZstdEncoder.NATIVE);
        assertThat(ZstdEncoder.JAVA.resolve()).isEqualTo(ZstdEncoder.JAVA);
        assertThat(ZstdEncoder.parse(" Native ")).isEqualTo(ZstdEncoder.NATIVE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ZstdEncoder.parse("fast"))
                .hasMessageContaining("auto, native or java");
    }

    @Test
    void entropyTellsWeightsFromText() {
        byte[] random = new byte[64 * 1024];
        new Random(9).nextBytes(random);
        assertThat(Incompressible.bitsPerByte(random, random.length)).isGreaterThan(7.99);
        assertThat(Incompressible.test(random, random.length)).isTrue();
        byte[] text = "1,0.123456,cat\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        assertThat(Incompressible.test(text, text.length)).isFalse();
        // bf16-like weights: random mantissa bytes, exponent bytes from a narrow range; worth compressing
        byte[] bf16 = new byte[64 * 1024];
        Random r = new Random(2);
        for (int i = 0; i < bf16.length; i += 2) {
            bf16[i] = (byte) r.nextInt(256);
            bf16[i + 1] = (byte) (0x3c + r.nextInt(4) - (r.nextBoolean() ? 0x80 : 0));
        }
        assertThat(Incompressible.test(bf16, bf16.length)).isFalse();
        assertThat(Incompressible.test(random, 4000)).as("too small to judge").isFalse();
    }

    /** A failing file under the writer thread surfaces as the IOException it was, not a hang or a lost error. */
    @Test
    void aWriteFailureReachesTheCaller() {
        byte[] input = mixed(8_000_000);
        OutputStream failing = new dev.modelkit.testing.FailingOutputStream(3_000_000, "disk full (test)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (OutputStream z = Compression.GZIP_FASTEST.compress(failing, POOL)) {
                z.write(input);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full (test)");
    }

    /** {@code size} bytes of {@code line} over and over (a very compressible CSV). */
    private static byte[] repeated(String line, int size) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = bytes[i % bytes.length];
        }
        return text;
    }

    /** After abort, nothing writes to the target any more: the caller may close and delete it. */
    @Test
    void abortLeavesNoWriteBehind() throws Exception {
        java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                writes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                writes.incrementAndGet();
            }
        };
        OutputStream z = Compression.GZIP.compress(slow, POOL);
        z.write(mixed(6_000_000));
        Compression.abort(z);
        long after = writes.get();
        Thread.sleep(300);
        assertThat(writes.get()).isEqualTo(after);
    }

    /** Chunks in flight: one more than the threads with room on the heap, never fewer than one. */
    @Test
    void chunksInFlightFollowThreadsAndHeap() {
        assertThat(POOL.chunksInFlight(1024 * 1024)).isBetween(1, 5);
        assertThat(POOL.chunksInFlight(Integer.MAX_VALUE)).isEqualTo(1); // a chunk larger than any heap share
        try (CompressionPool shared = CompressionPool.of(2, ZstdEncoder.JAVA, 1000)) {
            assertThat(shared.chunksInFlight(2 * 1024 * 1024)).isGreaterThanOrEqualTo(1);
        }
    }

    private static byte[] compressWith(CompressionPool pool, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Compression.ZSTD.compress(out, pool)) {
            z.write(input);
        }
        return out.toByteArray();
    }

    @Test
    void rawZstdFramesFollowTheFormat() throws IOException {
        byte[] data = mixed(300_000);
        ChunkOutput out = new ChunkOutput(16);
        ZstdChunkEncoder.rawFrame(data, data.length, out);
        byte[] frame = java.util.Arrays.copyOf(out.array(), out.size());
        assertThat(frame.length).isEqualTo(9 + 3 * 3 + data.length);
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }
}
