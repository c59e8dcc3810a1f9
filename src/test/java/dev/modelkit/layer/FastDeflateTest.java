package dev.modelkit.layer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gzip-fastest's own deflate encoder: zlib's inflater reads back exactly what went in, whole or in chunks that refer
 * to the chunk before, for text, runs, random bytes (stored blocks) and the edge lengths; the same input always gives
 * the same bytes; numbers shrink more than with zlib's fastest level; and a block full of matches is flushed.
 */
class FastDeflateTest {

    static byte[] csv(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder("id,feature_a,feature_b,label\n");
        for (int i = 0; s.length() < size; i++) {
            s.append(i).append(',').append(String.format("%.6f", random.nextDouble())).append(',')
                    .append(String.format("%.4f", random.nextDouble() * 100)).append(',')
                    .append(random.nextBoolean() ? "cat" : "dog").append('\n');
        }
        return Arrays.copyOf(s.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Encodes in chunks of {@code chunkSize}, each with the previous chunk as history, as the gzip stream does. */
    static byte[] deflate(byte[] input, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] previous = null;
        int off = 0;
        do {
            int n = Math.min(chunkSize, input.length - off);
            byte[] chunk = Arrays.copyOfRange(input, off, off + n);
            ChunkOutput encoded = new ChunkOutput(16);
            FastDeflate.encode(chunk, n, previous, off + n == input.length, encoded);
            out.write(encoded.array(), 0, encoded.size());
            previous = chunk;
            off += n;
        } while (off < input.length);
        return out.toByteArray();
    }

    static byte[] inflate(byte[] deflated, int expectedLength) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        byte[] out = new byte[expectedLength + 1];
        int n = 0;
        while (!inflater.finished() && n < out.length) {
            int k = inflater.inflate(out, n, out.length - n);
            if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            n += k;
        }
        assertThat(inflater.finished()).as("a final block ends the stream").isTrue();
        assertThat(inflater.getRemaining()).as("nothing after the final block").isZero();
        inflater.end();
        return Arrays.copyOf(out, n);
    }

    static void roundTrip(byte[] input, int chunkSize) throws DataFormatException {
        byte[] deflated = deflate(input, chunkSize);
        assertThat(inflate(deflated, input.length)).isEqualTo(input);
        assertThat(deflate(input, chunkSize)).as("the same bytes every time").isEqualTo(deflated);
    }

    @Test
    void zlibReadsBackEveryKindOfInput() throws DataFormatException {
        byte[] mixed = new byte[3_000_000];
        System.arraycopy(csv(1_000_000, 1), 0, mixed, 0, 1_000_000);
        System.arraycopy(random(1_000_000, 2), 0, mixed, 1_000_000, 1_000_000); // zeros after it: long matches
        for (byte[] input : new byte[][] {new byte[0], new byte[] {42}, "abcabcabcabc".getBytes(),
            new byte[5], new byte[258 + 4], new byte[100_000], csv(70_000, 3), random(200_000, 4), mixed}) {
            roundTrip(input, 1 << 30);
        }
    }

    @Test
    void chunksReferToTheChunkBefore() throws DataFormatException {
        byte[] text = csv(2_500_000, 5);
        for (int chunkSize : new int[] {1, 3, 4096, 65_535, 65_536, 333_333, 1 << 20}) {
            roundTrip(Arrays.copyOf(text, chunkSize < 10 ? 5000 : text.length), chunkSize); // tiny chunks: a prefix
        }
        byte[] repeated = new byte[200_000]; // the second half repeats the first at a distance of 100,000 > window
        System.arraycopy(random(100_000, 6), 0, repeated, 0, 100_000);
        System.arraycopy(repeated, 0, repeated, 100_000, 100_000);
        roundTrip(repeated, 40_000);
        byte[] near = new byte[100_000]; // a repeat exactly one window back, across a chunk boundary
        System.arraycopy(random(FastDeflate.WINDOW, 7), 0, near, 0, FastDeflate.WINDOW);
        System.arraycopy(near, 0, near, FastDeflate.WINDOW, FastDeflate.WINDOW);
        roundTrip(near, FastDeflate.WINDOW + 10);
    }

    /**
     * Inputs stitched from random pieces (noise, text, runs of one byte, copies of earlier bytes at random distances
     * up to twice the window, zeros), in random chunk sizes: every one reads back through zlib.
     */
    @Test
    void randomMixturesReadBack() throws DataFormatException {
        Random random = new Random(11);
        byte[] text = csv(100_000, 12);
        for (int round = 0; round < 150; round++) {
            byte[] input = new byte[random.nextInt(400_000)];
            for (int at = 0; at < input.length; ) {
                int n = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 300 : 30_000));
                switch (random.nextInt(5)) {
                    case 0 -> {
                        byte[] noise = random(n, random.nextLong());
                        System.arraycopy(noise, 0, input, at, n);
                    }
                    case 1 -> {
                        int from = random.nextInt(text.length - Math.min(n, text.length - 1));
                        System.arraycopy(text, from, input, at, Math.min(n, text.length - from));
                    }
                    case 2 -> Arrays.fill(input, at, at + n, (byte) random.nextInt(256));
                    case 3 -> {
                        int distance = 1 + random.nextInt(2 * FastDeflate.WINDOW);
                        for (int k = 0; k < n; k++) {
                            input[at + k] = at + k >= distance ? input[at + k - distance] : (byte) k;
                        }
                    }
                    default -> { } // zeros
                }
                at += n;
            }
            int[] sizes = {1 + random.nextInt(100), 1 + random.nextInt(70_000), 1 << 20};
            int chunkSize = sizes[random.nextInt(sizes.length)];
            // tiny chunks over a prefix only: each chunk costs a block and a flush of its own
            roundTrip(chunkSize < 100 ? Arrays.copyOf(input, Math.min(input.length, 20 * chunkSize)) : input, chunkSize);
        }
    }

    @Test
    void numbersShrinkMoreThanWithZlibsFastestLevel() {
        byte[] text = csv(4_000_000, 8);
        int ours = deflate(text, 1 << 20).length;
        java.util.zip.Deflater zlib = new java.util.zip.Deflater(1, true);
        zlib.setInput(text);
        zlib.finish();
        byte[] buffer = new byte[text.length];
        int theirs = 0;
        while (!zlib.finished()) {
            theirs += zlib.deflate(buffer);
        }
        zlib.end();
        // matches of 4 and 5 digits far back cost more bits than the digits: 6-byte keys leave them out
        assertThat((double) ours).as("at least 5%% smaller than zlib level 1's %d bytes", theirs)
                .isLessThan(theirs * 0.95);
    }

    @Test
    void blocksFullOfShortMatchesReadBack() throws DataFormatException {
        // 7-byte pieces from a pool of 64, in random order: a match every 7 bytes, more than a block's 16,384
        // matches within its 128 KiB, so blocks end because their tokens are full
        Random random = new Random(11);
        byte[][] pieces = new byte[64][];
        for (int k = 0; k < pieces.length; k++) {
            pieces[k] = random(7, 100 + k);
        }
        byte[] input = new byte[400_000];
        for (int off = 0; off < input.length; off += 7) {
            byte[] piece = pieces[random.nextInt(pieces.length)];
            System.arraycopy(piece, 0, input, off, Math.min(7, input.length - off));
        }
        roundTrip(input, 1 << 20);
        assertThat(deflate(input, 1 << 20).length).isLessThan(input.length / 3);
    }

    @Test
    void randomBytesAreStoredWithLittleOverhead() {
        byte[] noise = random(1_000_000, 9);
        assertThat(deflate(noise, 1 << 20).length).isLessThan(noise.length + 200);
    }

    @Test
    void huffmanLengthsStayWithinTheLimitAndFormACompleteCode() {
        int[] fibonacci = new int[40]; // the frequencies that make the deepest optimal tree
        fibonacci[0] = 1;
        fibonacci[1] = 1;
        for (int i = 2; i < fibonacci.length; i++) {
            fibonacci[i] = fibonacci[i - 1] + fibonacci[i - 2];
        }
        for (int[] frequencies : new int[][] {fibonacci, {0, 0, 5, 0}, {0, 0, 0}, {3, 3, 3, 3, 3}, new int[286]}) {
            int[] lengths = HuffmanLengths.of(frequencies, 15);
            double kraft = 0;
            for (int i = 0; i < lengths.length; i++) {
                assertThat(lengths[i]).isBetween(0, 15);
                if (frequencies[i] > 0) {
                    assertThat(lengths[i]).isPositive();
                }
                kraft += lengths[i] == 0 ? 0 : Math.pow(2, -lengths[i]);
            }
            assertThat(kraft).isEqualTo(1.0);
        }
        assertThat(java.util.Arrays.stream(HuffmanLengths.of(fibonacci, 7)).max().orElseThrow()).isEqualTo(7);
        assertThat(HuffmanLengths.codes(new int[] {2, 1, 3, 3})).containsExactly(0b01, 0b0, 0b011, 0b111);
    }
}
