package dev.modelkit.layer;

import io.airlift.compress.zstd.ZstdCompressor;

import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd as a sequence of independent frames, one per 4 MiB of input. aircompressor's single-frame stream compresses
 * text markedly worse than its block compressor; whole frames per chunk give the real zstd ratio, decode with any
 * zstd reader ({@code zstd -d} concatenates frames) and depend only on the input bytes.
 */
final class ZstdFramesOutputStream extends OutputStream {

    static final int CHUNK = 4 * 1024 * 1024;

    private final OutputStream out;
    private final ZstdCompressor compressor = new ZstdCompressor();
    private final byte[] input = new byte[CHUNK];
    private final byte[] output = new byte[compressor.maxCompressedLength(CHUNK)];
    private int filled;
    private boolean closed;

    ZstdFramesOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, input, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == CHUNK) {
                flushFrame();
            }
        }
    }

    private void flushFrame() throws IOException {
        if (filled == 0) {
            return;
        }
        int n = compressor.compress(input, 0, filled, output, 0, output.length);
        out.write(output, 0, n);
        filled = 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flushFrame();
        out.flush();
    }
}
