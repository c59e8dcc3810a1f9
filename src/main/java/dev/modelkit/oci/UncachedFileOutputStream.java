package dev.modelkit.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Writes a new file from its start around the page cache ({@code O_DIRECT}), for compressed layer blobs: bytes are
 * gathered in an aligned buffer outside the heap and written in whole aligned pieces; the unaligned end goes through
 * the cache when the stream is closed.
 *
 * <p>Why: a compressed pack is bound by the CPU, and a write through the cache costs CPU, a memory copy and a new
 * page per 4 KiB. On the bench machine (a VM that hands freed memory back to its host, so every new page is a fault
 * in the host) that was 1.2-3.4 CPU-seconds per GB written (dd of 2.4 GB: 3.0-8.2 s of system time), 4.3-5.1 of
 * the gzip-fastest pack's 28: written around the cache, that pack took 12.3-13.0 s instead of 14.8-17.4 s. Each
 * direct write waits for the disk on the blob's writer thread, while the compressor goes on into the few MiB of
 * buffers before it; the compressor's output comes slower than a disk takes it, so that wait stays hidden as long as
 * the disk keeps up: once {@link Pace#SLOW_IN_A_ROW} direct writes in a row took longer than filling their buffer (a
 * slow cloud disk), the rest goes through the cache, which absorbs it. The blob is then not in the cache: install
 * and push read it from the disk (the pack writes it through the cache when it copies the archive from the layout
 * right after, as it does for compressed layers). The system property {@value #PROPERTY} ({@code auto}, the
 * default, or {@code never}) turns it off.
 *
 * <p>Where the file system refuses {@code O_DIRECT} (tmpfs before Linux 6.6, some network file systems),
 * {@link #open} returns null and the caller writes through the cache; a direct write that fails is written again
 * through the cache, and so is every later one; a write through the cache that fails ends the stream (the caller
 * drops the file). {@link #flush} does nothing: the blob is complete only once closed. Not for concurrent use.
 */
final class UncachedFileOutputStream extends OutputStream {

    /** The system property that turns uncached layer blobs off: {@code auto} (the default) or {@code never}. */
    static final String PROPERTY = "modelkit.layers.uncached";

    /** Bytes per write: the disk streams at this size, and the compressor's output waits little behind it. */
    static final int BUFFER_SIZE = 4 * 1024 * 1024;

    private final DirectFile file;
    private final ByteBuffer buffer;
    private final Pace pace = new Pace();
    private long position;
    private long filledSince = System.nanoTime();
    private boolean failed;
    private boolean closed;
    /** Buffers written around the cache (tests). */
    private int directWrites;

    private UncachedFileOutputStream(DirectFile file, ByteBuffer buffer) {
        this.file = file;
        this.buffer = buffer;
    }

    /**
     * A stream writing {@code file} (new and empty) around the cache, or null where that is not possible: no
     * {@code O_DIRECT} here, an odd block size, or no memory outside the heap for the buffer.
     */
    static UncachedFileOutputStream open(Path file) {
        if (!DirectFile.allowedBy(PROPERTY)) {
            return null;
        }
        DirectFile direct = DirectFile.open(file);
        if (direct == null) {
            return null;
        }
        try {
            return new UncachedFileOutputStream(direct, DirectFile.alignedBuffer(BUFFER_SIZE));
        } catch (OutOfMemoryError e) {
            closeQuietly(direct); // no memory outside the heap left (its limit defaults to the heap's size)
            return null;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failed) {
            throw new IOException("an earlier write to this file failed");
        }
        while (len > 0) {
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            if (!buffer.hasRemaining()) {
                writeBuffer();
            }
        }
    }

    /** Writes the full buffer at the current position (aligned: only whole buffers are written before close). */
    private void writeBuffer() throws IOException {
        buffer.flip();
        long start = System.nanoTime();
        failed = true; // until the bytes are written: a half-written buffer must not be written again at close
        boolean around = file.write(buffer, position);
        failed = false;
        long end = System.nanoTime();
        position += BUFFER_SIZE;
        if (around) {
            directWrites++;
            if (!pace.keepsUp(start - filledSince, end - start)) {
                file.useCacheFromNow(); // the disk is slower than the compressor: the cache absorbs the rest
            }
        }
        filledSince = end;
        buffer.clear().limit(BUFFER_SIZE);
    }

    int directWrites() {
        return directWrites;
    }

    /** Writes what is left (an unaligned end, through the cache) and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (DirectFile f = file) {
            if (!failed) {
                buffer.flip();
                f.writeCached(buffer, position);
            }
        }
    }

    /** Whether direct writes keep up with whoever fills the buffers, judged write by write. */
    static final class Pace {
        /** One slow write may be the disk's hiccup; three in a row, its speed. */
        static final int SLOW_IN_A_ROW = 3;
        private int slow;

        /** False once {@link #SLOW_IN_A_ROW} writes in a row took longer than filling their buffer. */
        boolean keepsUp(long fillNanos, long writeNanos) {
            slow = writeNanos > fillNanos ? slow + 1 : 0;
            return slow < SLOW_IN_A_ROW;
        }
    }

    private static void closeQuietly(DirectFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // it was never written to
        }
    }
}
