package dev.modelkit.layer;

import io.airlift.compress.zstd.ZstdCompressor;


/**
 * zstd as one independent frame per chunk, by libzstd or aircompressor ({@link ZstdEncoder}). aircompressor's one-frame stream compresses text markedly worse than
 * its block compressor; whole frames per chunk give the real zstd level-3 ratio, compress in parallel, and any zstd
 * reader ({@code zstd -d}) decodes the concatenation. A chunk zstd cannot shrink (checked on a sample) becomes a
 * frame of raw blocks, as the zstd CLI also stores incompressible data.
 */
final class ZstdChunkEncoder implements ChunkEncoder {

    private static final int MAX_BLOCK = 128 * 1024;

    private final CompressionPool pool;

    ZstdChunkEncoder(CompressionPool pool) {
        this.pool = pool;
    }

    @Override
    public byte[] header() {
        return new byte[0];
    }

    @Override
    public void update(byte[] b, int off, int len) {
    }

    @Override
    public void encode(byte[] chunk, int length, byte[] previous, boolean last, ChunkOutput out) {
        if (Incompressible.test(chunk, length)) {
            rawFrame(chunk, length, out);
        } else if (pool.zstdEncoder() == ZstdEncoder.NATIVE) {
            byte[] bytes = out.array(NativeZstd.bound(length));
            out.size(NativeZstd.compress(chunk, length, bytes));
        } else {
            ZstdCompressor compressor = pool.zstd();
            byte[] bytes = out.array(compressor.maxCompressedLength(length));
            out.size(compressor.compress(chunk, 0, length, bytes, 0, bytes.length));
        }
    }

    @Override
    public byte[] encodeEmpty() {
        return new byte[0]; // zero frames: zstd -d reads an empty file as empty output
    }

    @Override
    public byte[] trailer() {
        return new byte[0];
    }

    /**
     * A single-segment frame (content size in the header, no window descriptor, no checksum) of raw blocks
     * (RFC 8878 §3.1.1).
     */
    static void rawFrame(byte[] chunk, int length, ChunkOutput out) {
        int blocks = Math.max(1, (length + MAX_BLOCK - 1) / MAX_BLOCK);
        byte[] frame = out.array(9 + 3 * blocks + length);
        int p = 0;
        frame[p++] = 0x28;
        frame[p++] = (byte) 0xb5;
        frame[p++] = 0x2f;
        frame[p++] = (byte) 0xfd;
        frame[p++] = (byte) 0xa0; // Frame_Content_Size 4 bytes, Single_Segment, no checksum, no dictionary
        frame[p++] = (byte) length;
        frame[p++] = (byte) (length >>> 8);
        frame[p++] = (byte) (length >>> 16);
        frame[p++] = (byte) (length >>> 24);
        int off = 0;
        do {
            int size = Math.min(MAX_BLOCK, length - off);
            boolean lastBlock = off + size == length;
            int header = (size << 3) | (lastBlock ? 1 : 0); // Block_Type 0 = Raw
            frame[p++] = (byte) header;
            frame[p++] = (byte) (header >>> 8);
            frame[p++] = (byte) (header >>> 16);
            System.arraycopy(chunk, off, frame, p, size);
            p += size;
            off += size;
        } while (off < length);
        out.size(p);
    }
}
