package dev.modelkit.layer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A deflate encoder (RFC 1951) for gzip-fastest, written here because zlib's level 1 (1.2.13, the JDK's on Debian)
 * deflates the bench's CSV at 74-89 MB/s per core, too slow for the gzip-fastest target. It finds matches greedily
 * with one probe of a small hash table of 6-byte keys (as Go's and Snappy's fast modes do, with longer keys) and
 * writes dynamic Huffman blocks, falling back to stored blocks where those would be smaller. On the bench CSV it runs
 * at 120-130 MB/s per core for output 11 % smaller than zlib level 1's (0.39 of the input), on C headers and POMs at
 * about 220 MB/s for the same ratio as 4-byte keys and a table 8 times larger (0.23).
 *
 * <p>Its output depends only on its input: no thread count, clock or zlib version goes into it (zlib's output can
 * differ between zlib builds, so this makes gzip-fastest layers reproducible across machines too). One chunk is
 * encoded per call, each call with its own tables, so chunks can be encoded on several threads at once.
 */
final class FastDeflate {

    static final int WINDOW = 32 * 1024;
    /** Slots in the match finder's table: 4,096 of 8 bytes, 32 KiB, which stays in the core's fastest caches. */
    private static final int HASH_BITS = 12;
    /**
     * Matches are looked up by their first 6 bytes and shorter ones are not taken: a 4-byte match far back costs more
     * bits than its literals (about 25 against 14 for 4 digits), and on the bench CSV the 4- and 5-byte matches were
     * most of all tokens, for output 11 % larger.
     */
    private static final int MIN_MATCH = 6;
    /** A table slot: the key (its low bits cleared) and, in its low 24 bits, the position it was seen at. */
    private static final int KEY_SHIFT = 64 - 8 * MIN_MATCH;
    private static final long POSITION = 0xffffffL;
    /** After {@code 1 << SKIP_SHIFT} literals in a row, positions are skipped ever faster (see tokenize). */
    private static final int SKIP_SHIFT = 5;
    private static final int MAX_MATCH = 258;
    /** Tokens (two per match) and input bytes per block: a new Huffman table now and then follows the data. */
    private static final int BLOCK_TOKENS = 2 * 16 * 1024;
    private static final int BLOCK_BYTES = 128 * 1024;
    private static final int END_OF_BLOCK = 256;
    private static final int LITERAL_LENGTH_CODES = 286;
    private static final int DISTANCE_CODES = 30;
    private static final int MAX_BITS = 15;
    private static final int MAX_STORED = 65_535;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};
    /** The order in which code length code lengths are sent (RFC 1951 §3.2.7). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Length code (0-28) of each match length minus 3. */
    private static final byte[] LENGTH_CODE = new byte[256];
    /** Distance code of each distance minus 1. */
    private static final byte[] DISTANCE_CODE = new byte[WINDOW];

    static {
        for (int code = 0; code < LENGTH_BASE.length; code++) {
            for (int l = LENGTH_BASE[code]; l < LENGTH_BASE[code] + (1 << LENGTH_EXTRA[code]) && l <= MAX_MATCH; l++) {
                LENGTH_CODE[l - 3] = (byte) code;
            }
        }
        LENGTH_CODE[MAX_MATCH - 3] = 28; // 258 has a code of its own, not 227's with all extra bits set
        for (int code = 0; code < DISTANCE_BASE.length; code++) {
            for (int d = DISTANCE_BASE[code]; d < DISTANCE_BASE[code] + (1 << DISTANCE_EXTRA[code]); d++) {
                DISTANCE_CODE[d - 1] = (byte) code;
            }
        }
    }

    private FastDeflate() {
    }

    /**
     * Encodes one chunk with a workspace of its own (tests; the gzip stream keeps one per thread, see
     * {@link Workspace#encode}).
     */
    static void encode(byte[] chunk, int length, byte[] previous, boolean last, ChunkOutput out) {
        new Workspace().encode(chunk, length, previous, last, out);
    }

    /**
     * The tables and buffers for encoding one chunk at a time, reused from chunk to chunk: allocating them per chunk
     * (a chunk-sized copy is a "humongous" object for G1 in a 64 MiB heap) cost more than the encoding. One thread
     * at a time.
     */
    static final class Workspace {
        private byte[] data = new byte[0];
        private int start;
        private BitWriter bits;
        /** Per hash slot: the key seen last with that hash, its lowest 24 bits replaced by its position. */
        private final long[] table = new long[1 << HASH_BITS];
        /** Pairs: a number of literals, then a match or -1 (see tokenize). */
        private final int[] tokens = new int[BLOCK_TOKENS];
        private final int[] literalFrequencies = new int[LITERAL_LENGTH_CODES];
        private final int[] distanceFrequencies = new int[DISTANCE_CODES];
        private int count;
        private int blockStart;
        private int blockEnd;
        private final long[] lengthTable = new long[256];

        /**
         * Encodes one chunk into {@code out} as whole deflate blocks that end on a byte boundary: with the final
         * block when {@code last}, else followed by an empty stored block (zlib's sync flush), so chunks concatenate
         * into one stream.
         *
         * @param previous the bytes before the chunk (at most the last 32 KiB are used), which matches may refer to;
         *                 null for the stream's first chunk
         */
        void encode(byte[] chunk, int length, byte[] previous, boolean last, ChunkOutput out) {
            int history = previous == null ? 0 : Math.min(WINDOW, previous.length);
            if (history + length > POSITION) {
                throw new IllegalArgumentException("a chunk of " + length + " bytes and " + history
                        + " of history: positions up to " + POSITION + " fit the table");
            }
            if (data.length < history + length) {
                data = new byte[history + length];
            }
            if (history > 0) {
                System.arraycopy(previous, previous.length - history, data, 0, history);
            }
            System.arraycopy(chunk, 0, data, history, length);
            start = history;
            // worst case: every block stored (5 bytes per 65,535), plus flush markers and a block's tables
            bits = new BitWriter(out, length + length / MAX_STORED * 5 + 1024);
            count = 0;
            Arrays.fill(literalFrequencies, 0);
            Arrays.fill(distanceFrequencies, 0);
            tokenize(history + length, last);
            if (!last) {
                bits.write(0, 3); // an empty stored block: byte-aligns the chunk's end, as zlib's sync flush does
                bits.alignToByte();
                bits.writeAligned(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}, 0, 4);
            }
            bits.alignToByte();
            out.size(bits.finish());
            bits = null;
        }

        /**
         * Finds matches in {@code [start, end)} and writes a block whenever the tokens are full or it covers
         * {@link #BLOCK_BYTES}. Tokens are pairs:
         * the number of literals before a match, then the match ({@code (length - 3) << 16 | (distance - 1)}); the
         * literals themselves stay in {@code data}, so a literal costs no token store. A block's last pair may have
         * -1 for its match: literals only.
         */
        private void tokenize(int end, boolean last) {
            // locals, not fields, in the loop: the JIT keeps them in registers
            final byte[] d = data;
            final long[] slots = table;
            final int[] tok = tokens;
            final int[] literals = literalFrequencies;
            final int[] distances = distanceFrequencies;
            Arrays.fill(slots, 0); // key 0 at position 0: checked against the bytes like any other candidate
            for (int i = 0; i + 8 <= start; i++) {
                long key = (long) LONG.get(d, i) << KEY_SHIFT;
                slots[hash(key)] = key & ~POSITION | i; // the history: matches may reach back into it
            }
            int n = 0;
            int misses = 0;
            int i = start;
            int literalStart = start;
            blockStart = start;
            int limit = end - 8; // keys are read 8 bytes at a time
            while (i <= limit) {
                long key = (long) LONG.get(d, i) << KEY_SHIFT;
                int h = hash(key);
                long slot = slots[h];
                slots[h] = key & ~POSITION | i;
                int candidate = (int) (slot & POSITION);
                int length;
                // the slot keeps the key it was made from: no read at the candidate (a cache miss) unless they match
                if (((slot ^ key) & ~POSITION) == 0 && i - candidate <= WINDOW && candidate < i
                        && (length = matchLength(d, candidate, i, Math.min(MAX_MATCH, end - i))) >= MIN_MATCH) {
                    int distance = i - candidate;
                    tok[n] = i - literalStart;
                    tok[n + 1] = (length - 3) << 16 | (distance - 1);
                    n += 2;
                    literals[257 + LENGTH_CODE[length - 3]]++;
                    distances[DISTANCE_CODE[distance - 1]]++;
                    i += length;
                    literalStart = i;
                    misses = 0;
                    if (n == BLOCK_TOKENS || i - blockStart >= BLOCK_BYTES) {
                        count = n;
                        flushBlock(i, false);
                        n = 0;
                    }
                } else if (misses < 1 << SKIP_SHIFT) {
                    misses++;
                    literals[d[i] & 0xff]++;
                    i++;
                } else {
                    // the longer no match turns up, the fewer positions are looked up (as Snappy does)
                    int stop = Math.min(i + Math.min(1 + (misses++ >> SKIP_SHIFT), 1024), limit + 1);
                    while (i < stop) {
                        literals[d[i++] & 0xff]++;
                    }
                    if (i - blockStart >= BLOCK_BYTES) {
                        tok[n] = i - literalStart;
                        tok[n + 1] = -1; // no match: the block ends after these literals
                        count = n + 2;
                        flushBlock(i, false);
                        literalStart = i;
                        n = 0;
                    }
                }
            }
            while (i < end) {
                literals[d[i++] & 0xff]++;
            }
            if (n > 0 || end > literalStart || last) {
                tok[n] = end - literalStart;
                tok[n + 1] = -1;
                count = n + 2;
                flushBlock(end, last);
            }
        }

        /**
         * How far the bytes at {@code i} repeat those at {@code candidate}, counted from the first: the slot compared
         * only 5 of the key's 6 bytes, and the candidate may be a slot never filled (position 0).
         */
        private static int matchLength(byte[] d, int candidate, int i, int max) {
            int length = 0;
            while (length + 8 <= max) {
                long diff = (long) LONG.get(d, candidate + length) ^ (long) LONG.get(d, i + length);
                if (diff != 0) {
                    return Math.min(max, length + (Long.numberOfTrailingZeros(diff) >>> 3));
                }
                length += 8;
            }
            while (length < max && d[candidate + length] == d[i + length]) {
                length++;
            }
            return length;
        }

        /** The table slot of a key. */
        private static int hash(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - HASH_BITS));
        }

        /** Writes the tokens so far, covering input {@code [blockStart, end)}, as one block. */
        private void flushBlock(int end, boolean last) {
            blockEnd = end;
            literalFrequencies[END_OF_BLOCK]++;
            int[] literalLengths = HuffmanLengths.of(literalFrequencies, MAX_BITS);
            int[] distanceLengths = HuffmanLengths.of(distanceFrequencies, MAX_BITS);
            BlockHeader header = BlockHeader.of(literalLengths, distanceLengths);
            long dynamicBits = 3 + header.bits() + dataBits(literalLengths, distanceLengths);
            int raw = end - blockStart;
            long storedBits = 3 + 7 + 8L * raw + 40L * Math.max(1, (raw + MAX_STORED - 1) / MAX_STORED);
            if (storedBits <= dynamicBits) {
                stored(blockStart, raw, last);
            } else {
                bits.write(last ? 1 : 0, 1);
                bits.write(2, 2); // dynamic Huffman codes
                header.write(bits);
                writeTokens(literalLengths, distanceLengths);
            }
            count = 0;
            blockStart = end;
            Arrays.fill(literalFrequencies, 0);
            Arrays.fill(distanceFrequencies, 0);
        }

        private long dataBits(int[] literalLengths, int[] distanceLengths) {
            long total = 0;
            for (int s = 0; s < LITERAL_LENGTH_CODES; s++) {
                int extra = s > 256 ? LENGTH_EXTRA[s - 257] : 0;
                total += (long) literalFrequencies[s] * (literalLengths[s] + extra);
            }
            for (int s = 0; s < DISTANCE_CODES; s++) {
                total += (long) distanceFrequencies[s] * (distanceLengths[s] + DISTANCE_EXTRA[s]);
            }
            return total;
        }

        private void writeTokens(int[] literalLengths, int[] distanceLengths) {
            // each code with its length in the high half: one load per symbol in the loop
            int[] literalCodes = withLengths(HuffmanLengths.codes(literalLengths), literalLengths);
            int[] distanceCodes = withLengths(HuffmanLengths.codes(distanceLengths), distanceLengths);
            long[] lengthCodes = lengthCodes(literalCodes);
            bits.ensure((blockEnd - blockStart) * 2 + count * 4 + 16); // at most 15 bits a literal, 48 a match
            final byte[] out = bits.bytes;
            final byte[] d = data;
            int size = bits.size;
            long buffer = bits.buffer;
            int used = bits.count;
            final int[] tok = tokens;
            int p = blockStart;
            LONG.set(out, size, buffer); // the header may have left up to 31 bits: keep at most 7 in the buffer
            size += used >>> 3;
            buffer >>>= used & ~7;
            used &= 7;
            for (int t = 0, n = count; t < n; t += 2) {
                // the literals: up to three codes (45 bits) between stores of the whole bytes (at most 7 bits left)
                int stop = p + tok[t];
                while (p + 3 <= stop) {
                    int c0 = literalCodes[d[p] & 0xff];
                    int c1 = literalCodes[d[p + 1] & 0xff];
                    int c2 = literalCodes[d[p + 2] & 0xff];
                    p += 3;
                    buffer |= (long) (c0 & 0xffff) << used;
                    used += c0 >>> 16;
                    buffer |= (long) (c1 & 0xffff) << used;
                    used += c1 >>> 16;
                    buffer |= (long) (c2 & 0xffff) << used;
                    used += c2 >>> 16;
                    LONG.set(out, size, buffer);
                    size += used >>> 3;
                    buffer >>>= used & ~7;
                    used &= 7;
                }
                while (p < stop) {
                    int c = literalCodes[d[p++] & 0xff];
                    buffer |= (long) (c & 0xffff) << used;
                    used += c >>> 16;
                }
                LONG.set(out, size, buffer);
                size += used >>> 3;
                buffer >>>= used & ~7;
                used &= 7;
                int match = tok[t + 1];
                if (match < 0) {
                    break;
                }
                // the match: length code and extra bits (at most 20), distance code and extra bits (at most 28)
                int length = (match >>> 16) + 3;
                int distance = (match & 0xffff) + 1;
                long lc = lengthCodes[length - 3];
                buffer |= (lc & 0xffffffL) << used;
                used += (int) (lc >>> 32);
                int dc = DISTANCE_CODE[distance - 1];
                int code = distanceCodes[dc];
                buffer |= (long) (code & 0xffff) << used;
                used += code >>> 16;
                buffer |= (long) (distance - DISTANCE_BASE[dc]) << used;
                used += DISTANCE_EXTRA[dc];
                LONG.set(out, size, buffer);
                size += used >>> 3;
                buffer >>>= used & ~7;
                used &= 7;
                p += length;
            }
            bits.size = size;
            bits.buffer = buffer;
            bits.count = used;
            bits.write(literalCodes[END_OF_BLOCK] & 0xffff, literalCodes[END_OF_BLOCK] >>> 16);
        }

        /** Per match length minus 3: its code and extra bits as one value (low 32 bits) and their bit count. */
        private long[] lengthCodes(int[] literalCodes) {
            long[] codes = lengthTable;
            for (int l = 0; l < 256; l++) {
                int lc = LENGTH_CODE[l];
                int code = literalCodes[257 + lc];
                int codeBits = code >>> 16;
                long value = (code & 0xffff) | (long) (l + 3 - LENGTH_BASE[lc]) << codeBits;
                codes[l] = value | (long) (codeBits + LENGTH_EXTRA[lc]) << 32;
            }
            return codes;
        }

        private static int[] withLengths(int[] codes, int[] lengths) {
            for (int s = 0; s < codes.length; s++) {
                codes[s] |= lengths[s] << 16;
            }
            return codes;
        }

        /** The block's input as stored blocks of up to 65,535 bytes; only the last of them is final. */
        private void stored(int from, int length, boolean last) {
            int off = 0;
            do {
                int size = Math.min(MAX_STORED, length - off);
                boolean finalBlock = last && off + size == length;
                bits.write(finalBlock ? 1 : 0, 3); // BTYPE 00
                bits.alignToByte();
                bits.writeAligned(new byte[] {(byte) size, (byte) (size >>> 8), (byte) ~size, (byte) (~size >>> 8)},
                        0, 4);
                bits.writeAligned(data, from + off, size);
                off += size;
            } while (off < length);
        }
    }

    /** A dynamic block's code tables, run-length coded with the code length alphabet (RFC 1951 §3.2.7). */
    private record BlockHeader(int literalCount, int distanceCount, int[] runs, int[] codeLengthLengths,
                               int codeLengthCount, long bits) {

        static BlockHeader of(int[] literalLengths, int[] distanceLengths) {
            int literalCount = LITERAL_LENGTH_CODES;
            while (literalCount > 257 && literalLengths[literalCount - 1] == 0) {
                literalCount--;
            }
            int distanceCount = DISTANCE_CODES;
            while (distanceCount > 1 && distanceLengths[distanceCount - 1] == 0) {
                distanceCount--;
            }
            int[] all = new int[literalCount + distanceCount];
            System.arraycopy(literalLengths, 0, all, 0, literalCount);
            System.arraycopy(distanceLengths, 0, all, literalCount, distanceCount);
            int[] runs = runs(all);
            int[] frequencies = new int[19];
            for (int run : runs) {
                frequencies[run & 0xff]++;
            }
            int[] codeLengthLengths = HuffmanLengths.of(frequencies, 7);
            int codeLengthCount = 19;
            while (codeLengthCount > 4 && codeLengthLengths[CODE_LENGTH_ORDER[codeLengthCount - 1]] == 0) {
                codeLengthCount--;
            }
            long bits = 5 + 5 + 4 + 3L * codeLengthCount;
            for (int run : runs) {
                int symbol = run & 0xff;
                bits += codeLengthLengths[symbol] + extraBits(symbol);
            }
            return new BlockHeader(literalCount, distanceCount, runs, codeLengthLengths, codeLengthCount, bits);
        }

        /** Each entry: the code length symbol (0-18) in the low byte, its extra bits' value above. */
        private static int[] runs(int[] lengths) {
            int[] runs = new int[lengths.length];
            int n = 0;
            for (int i = 0; i < lengths.length; ) {
                int value = lengths[i];
                int run = 1;
                while (i + run < lengths.length && lengths[i + run] == value) {
                    run++;
                }
                i += run;
                if (value == 0) {
                    while (run >= 11) {
                        int r = Math.min(run, 138);
                        runs[n++] = 18 | (r - 11) << 8;
                        run -= r;
                    }
                    if (run >= 3) {
                        runs[n++] = 17 | (run - 3) << 8;
                        run = 0;
                    }
                } else {
                    runs[n++] = value;
                    run--;
                    while (run >= 3) {
                        int r = Math.min(run, 6);
                        runs[n++] = 16 | (r - 3) << 8;
                        run -= r;
                    }
                }
                while (run-- > 0) {
                    runs[n++] = value;
                }
            }
            return Arrays.copyOf(runs, n);
        }

        private static int extraBits(int symbol) {
            return switch (symbol) {
                case 16 -> 2;
                case 17 -> 3;
                case 18 -> 7;
                default -> 0;
            };
        }

        void write(BitWriter bits) {
            bits.write(literalCount - 257, 5);
            bits.write(distanceCount - 1, 5);
            bits.write(codeLengthCount - 4, 4);
            for (int i = 0; i < codeLengthCount; i++) {
                bits.write(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
            }
            int[] codes = HuffmanLengths.codes(codeLengthLengths);
            for (int run : runs) {
                int symbol = run & 0xff;
                bits.write(codes[symbol], codeLengthLengths[symbol]);
                int extra = extraBits(symbol);
                if (extra > 0) {
                    bits.write(run >>> 8, extra);
                }
            }
        }
    }

    /** Deflate's bit order: values least significant bit first, packed from each byte's low bit up. */
    private static final class BitWriter {
        private final ChunkOutput out;
        byte[] bytes;
        int size;
        long buffer;
        int count;

        BitWriter(ChunkOutput out, int capacity) {
            this.out = out;
            this.bytes = out.array(capacity);
        }

        void write(int value, int n) {
            buffer |= (long) value << count;
            count += n;
            if (count >= 32) {
                ensure(4);
                INT.set(bytes, size, (int) buffer); // the low 32 bits, least significant byte first
                size += 4;
                buffer >>>= 32;
                count -= 32;
            }
        }

        void alignToByte() {
            while (count > 0) {
                ensure(1);
                bytes[size++] = (byte) buffer;
                buffer >>>= 8;
                count = Math.max(0, count - 8);
            }
            buffer = 0;
        }

        /** Only right after {@link #alignToByte()}. */
        void writeAligned(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        void ensure(int n) {
            if (size + n > bytes.length) {
                bytes = out.array(Math.max(size + n, bytes.length * 2));
            }
        }

        int finish() {
            return size;
        }
    }
}
