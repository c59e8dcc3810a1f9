package dev.modelkit.layer;

import io.airlift.compress.zstd.ZstdCompressor;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * zstd as one independent frame per chunk. aircompressor's one-frame stream compresses text markedly worse than
 * its block compressor; whole frames per chunk give the real zstd level-3 ratio, compress in parallel, and any zstd
 * reader ({@code zstd -d}) decodes the concatenation. A chunk zstd cannot shrink (checked on a sample) becomes a
 * frame of raw blocks, as the zstd CLI also stores incompressible data.
 */
final class ZstdChunkEncoder implements ChunkEncoder {

    private static final int SAMPLE = 64 * 1024;
    private static final int MAX_BLOCK = 128 * 1024;

    /**
     * One compressor and output buffer per worker thread, for this stream only: a ZstdCompressor sets up several
     * MiB of match tables, far too costly to build per chunk. Pool threads end with the pack, and these with them.
     */
    private final ThreadLocal<ZstdCompressor> compressors = ThreadLocal.withInitial(ZstdCompressor::new);
    private final ThreadLocal<byte[]> buffers = new ThreadLocal<>();

    @Override
    public byte[] header() {
        return new byte[0];
    }

    @Override
    public void update(byte[] b, int off, int len) {
    }

    @Override
    public byte[] encode(byte[] chunk, int length, byte[] previous, boolean last) {
        if (Incompressible.sample(chunk, length, SAMPLE)) {
            return rawFrame(chunk, length);
        }
        ZstdCompressor compressor = compressors.get();
        int max = compressor.maxCompressedLength(length);
        byte[] out = buffers.get();
        if (out == null || out.length < max) {
            out = new byte[max];
            buffers.set(out);
        }
        int n = compressor.compress(chunk, 0, length, out, 0, out.length);
        return Arrays.copyOf(out, n);
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
    static byte[] rawFrame(byte[] chunk, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + length / MAX_BLOCK * 3 + 16);
        out.write(0x28);
        out.write(0xb5);
        out.write(0x2f);
        out.write(0xfd);
        out.write(0xa0); // Frame_Content_Size 4 bytes, Single_Segment, no checksum, no dictionary
        out.write(length);
        out.write(length >>> 8);
        out.write(length >>> 16);
        out.write(length >>> 24);
        int off = 0;
        do {
            int size = Math.min(MAX_BLOCK, length - off);
            boolean lastBlock = off + size == length;
            int header = (size << 3) | (lastBlock ? 1 : 0); // Block_Type 0 = Raw
            out.write(header);
            out.write(header >>> 8);
            out.write(header >>> 16);
            out.write(chunk, off, size);
            off += size;
        } while (off < length);
        return out.toByteArray();
    }
}
