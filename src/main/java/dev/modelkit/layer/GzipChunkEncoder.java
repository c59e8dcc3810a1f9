package dev.modelkit.layer;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip in independently compressed chunks, as pigz does: each chunk is deflated with the previous 32 KiB as its
 * dictionary and ends on a byte boundary (sync flush), so the chunks concatenate into one valid deflate stream.
 * A chunk that cannot shrink (its sample's entropy says so) is written as stored blocks, which costs a copy. Level 1
 * (gzip-fastest) uses {@link FastDeflate}, faster than zlib's level 1 and here smaller too, whose output does not
 * depend on the zlib build either; other levels use zlib.
 * The header is kit's: no name, mtime 0, XFL 0 (or 4 for level 1), OS 255.
 */
final class GzipChunkEncoder implements ChunkEncoder {

    private static final int MAX_STORED = 65_535;

    private final int level;
    private final CompressionPool pool;
    private final CRC32 crc = new CRC32();
    /** Chunks are encoded on the pool's threads, several at once: each thread reuses its own tables. */
    private final ThreadLocal<FastDeflate.Workspace> workspaces = ThreadLocal.withInitial(FastDeflate.Workspace::new);
    private long length;

    GzipChunkEncoder(int level, CompressionPool pool) {
        this.level = level;
        this.pool = pool;
    }

    @Override
    public byte[] header() {
        byte xfl = (byte) (level == 1 ? 4 : (level == 9 ? 2 : 0));
        return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, xfl, (byte) 0xff};
    }

    @Override
    public void update(byte[] b, int off, int len) {
        crc.update(b, off, len);
        length += len;
    }

    @Override
    public void encode(byte[] chunk, int length, byte[] previous, boolean last, ChunkOutput out) {
        if (length > 0 && Incompressible.test(chunk, length)) {
            storedBlocks(chunk, length, last, out);
            return;
        }
        if (level == 1) {
            workspaces.get().encode(chunk, length, previous, last, out); // zlib's level 1 is too slow for "fastest"
            return;
        }
        Deflater deflater = new Deflater(level, true);
        try {
            if (previous != null) {
                deflater.setDictionary(previous);
            }
            deflater.setInput(chunk, 0, length);
            if (last) {
                deflater.finish();
            }
            // deflate's worst case: stored blocks of 5 bytes' overhead per 16 KiB, plus the sync marker
            byte[] bytes = out.array(length + length / 16000 * 5 + 1024);
            int total = 0;
            int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
            while (true) {
                if (total == bytes.length) {
                    bytes = out.array(bytes.length * 2); // cannot happen within deflate's bound; kept safe
                }
                int n = deflater.deflate(bytes, total, bytes.length - total, flush);
                total += n;
                if (last ? deflater.finished() : (total < bytes.length && deflater.needsInput())) {
                    break;
                }
            }
            out.size(total);
        } finally {
            deflater.end();
        }
    }

    /**
     * The chunk as deflate stored blocks (RFC 1951 §3.2.4), written here rather than by zlib, which would copy it
     * through its window: each block is a byte-aligned header (BFINAL on the stream's last block, BTYPE 00), LEN and
     * its complement, then up to 65,535 bytes as they are. The previous chunk ended byte-aligned, so no bits are
     * pending and the blocks simply follow.
     */
    static void storedBlocks(byte[] chunk, int length, boolean last, ChunkOutput out) {
        int blocks = (length + MAX_STORED - 1) / MAX_STORED;
        byte[] bytes = out.array(length + 5 * blocks);
        int p = 0;
        for (int off = 0; off < length; off += MAX_STORED) {
            int size = Math.min(MAX_STORED, length - off);
            bytes[p++] = (byte) (last && off + size == length ? 1 : 0);
            bytes[p++] = (byte) size;
            bytes[p++] = (byte) (size >>> 8);
            bytes[p++] = (byte) ~size;
            bytes[p++] = (byte) (~size >>> 8);
            System.arraycopy(chunk, off, bytes, p, size);
            p += size;
        }
        out.size(p);
    }

    @Override
    public byte[] encodeEmpty() {
        ChunkOutput out = new ChunkOutput(1024);
        encode(new byte[0], 0, null, true, out);
        return java.util.Arrays.copyOf(out.array(), out.size());
    }

    @Override
    public byte[] trailer() {
        long c = crc.getValue();
        return new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
            (byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)};
    }
}
