package dev.modelkit.layer;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip in independently compressed chunks, as pigz does: each chunk is deflated with the previous 32 KiB as its
 * dictionary and ends on a byte boundary (sync flush), so the chunks concatenate into one valid deflate stream.
 * A chunk that deflate cannot shrink (checked on a sample) is written as stored blocks, which costs almost nothing.
 * The header is kit's: no name, mtime 0, XFL 0 (or 4 for level 1), OS 255.
 */
final class GzipChunkEncoder implements ChunkEncoder {

    private static final int SAMPLE = 64 * 1024;

    private final int level;
    private final CompressionPool pool;
    private final CRC32 crc = new CRC32();
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
    public byte[] encode(byte[] chunk, int length, byte[] previous, boolean last) {
        int chunkLevel = Incompressible.sample(chunk, length, SAMPLE) ? Deflater.NO_COMPRESSION : level;
        Deflater deflater = new Deflater(chunkLevel, true);
        try {
            if (previous != null && chunkLevel != Deflater.NO_COMPRESSION) {
                deflater.setDictionary(previous);
            }
            deflater.setInput(chunk, 0, length);
            if (last) {
                deflater.finish();
            }
            // deflate's worst case: stored blocks of 5 bytes' overhead per 16 KiB, plus the sync marker
            byte[] out = pool.scratch(length + length / 16000 * 5 + 1024);
            int total = 0;
            int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
            while (true) {
                if (total == out.length) {
                    out = Arrays.copyOf(out, out.length * 2); // cannot happen within deflate's bound; kept safe
                }
                int n = deflater.deflate(out, total, out.length - total, flush);
                total += n;
                if (last ? deflater.finished() : (total < out.length && deflater.needsInput())) {
                    break;
                }
            }
            return Arrays.copyOf(out, total);
        } finally {
            deflater.end();
        }
    }

    @Override
    public byte[] encodeEmpty() {
        return encode(new byte[0], 0, null, true);
    }

    @Override
    public byte[] trailer() {
        long c = crc.getValue();
        return new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
            (byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)};
    }
}
