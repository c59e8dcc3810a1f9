package dev.modelkit.oci;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of a {@link BlobRegion}, read with positional reads (so several streams may read one file, even through
 * one channel, at once), buffered for small reads. Runs of bytes can also go straight to another file with
 * {@link #transferTo(FileChannel, long)}: the kernel copies them page cache to page cache, with no trip through the
 * heap, or with {@link #copyTo} into a new file, around the page cache where that is faster. Every read is announced
 * to a {@link Lockstep.Pace} first. Ends at the region's end; a file shorter than the region ends early (whoever
 * checks the blob's size reports it).
 */
public final class FileRegionInputStream extends InputStream {

    static final int BUFFER_SIZE = 256 * 1024;
    /** Kernel copies go in steps this large, so the other reader in the lockstep sees progress. */
    static final long TRANSFER_STEP = 8L * 1024 * 1024;

    private final FileChannel channel;
    private final long start;
    private final long end;
    private final Lockstep.Pace pace;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int bufferPosition;
    private int bufferLimit;
    /** The next byte of the file to read into the buffer (or to hand out when the buffer is empty). */
    private long filePosition;

    /**
     * @param channel the region's file, open for reading; positional reads leave its position alone, so several
     *                streams may share it. Closing the stream does not close it.
     */
    public FileRegionInputStream(FileChannel channel, BlobRegion region, Lockstep.Pace pace) {
        this.channel = channel;
        this.start = region.offset();
        this.end = region.offset() + region.length();
        this.filePosition = start;
        this.pace = pace;
    }

    /** Bytes of the region handed out so far. */
    public long position() {
        return filePosition - start - (bufferLimit - bufferPosition);
    }

    @Override
    public int read() throws IOException {
        if (bufferPosition == bufferLimit && fill() <= 0) {
            return -1;
        }
        return buffer[bufferPosition++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (bufferPosition < bufferLimit) {
            int n = Math.min(len, bufferLimit - bufferPosition);
            System.arraycopy(buffer, bufferPosition, b, off, n);
            bufferPosition += n;
            return n;
        }
        if (len >= buffer.length) {
            return readFile(ByteBuffer.wrap(b, off, len)); // a large read skips the buffer: one copy less
        }
        if (fill() <= 0) {
            return -1;
        }
        return read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        long buffered = Math.min(Math.max(n, 0), bufferLimit - bufferPosition);
        bufferPosition += (int) buffered;
        long direct = Math.min(n - buffered, end - filePosition);
        filePosition += Math.max(direct, 0);
        return buffered + Math.max(direct, 0);
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - filePosition + (bufferLimit - bufferPosition));
    }

    /**
     * Copies the next {@code count} bytes to the target's current position: what is buffered from the heap, the rest
     * by the kernel. Fails with an EOFException if the region (or the file) ends first.
     */
    public void transferTo(FileChannel target, long count) throws IOException {
        long left = count;
        if (bufferPosition < bufferLimit) {
            int n = (int) Math.min(left, bufferLimit - bufferPosition);
            ByteBuffer buffered = ByteBuffer.wrap(buffer, bufferPosition, n);
            while (buffered.hasRemaining()) {
                target.write(buffered);
            }
            bufferPosition += n;
            left -= n;
        }
        while (left > 0) {
            long step = Math.min(Math.min(left, TRANSFER_STEP), end - filePosition);
            if (step <= 0) {
                throw endsEarly(left);
            }
            pace.moveTo(filePosition + step - start);
            long n = channel.transferTo(filePosition, step, target);
            if (n <= 0) {
                throw endsEarly(left);
            }
            filePosition += n;
            left -= n;
        }
    }

    /**
     * Copies the next {@code count} bytes into {@code file} (new and empty): around the page cache through
     * {@code copies} when it wants a file that large and can ({@link UncachedCopies}), else by the kernel
     * ({@link #transferTo}). Fails with an EOFException if the region (or the file) ends first.
     *
     * @param copies null for the kernel's copy
     */
    public void copyTo(Path file, long count, UncachedCopies copies) throws IOException {
        long available = end - filePosition + (bufferLimit - bufferPosition);
        if (count > available) {
            throw endsEarly(count - available);
        }
        if (copies != null && copies.wants(count) && copies.copy(this::readFully, count, file)) {
            return;
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            transferTo(out, count);
        }
    }

    /**
     * Fills {@code into} (position to limit) with the next bytes: those buffered first, the rest read from the file
     * straight into it. Fails with an EOFException if the region (or the file) ends first.
     */
    void readFully(ByteBuffer into) throws IOException {
        if (bufferPosition < bufferLimit) {
            int n = Math.min(into.remaining(), bufferLimit - bufferPosition);
            into.put(buffer, bufferPosition, n);
            bufferPosition += n;
        }
        if (into.remaining() > end - filePosition) {
            throw endsEarly(into.remaining() - (end - filePosition));
        }
        while (into.hasRemaining()) {
            if (readFile(into) <= 0) {
                throw endsEarly(into.remaining());
            }
        }
    }

    private static EOFException endsEarly(long missing) {
        return new EOFException("the file ends " + missing + " bytes early");
    }

    /** Tells the pace this reader is done; the channel stays open (it is the caller's). */
    @Override
    public void close() {
        pace.done();
    }

    private int fill() throws IOException {
        bufferPosition = 0;
        bufferLimit = 0;
        int n = readFile(ByteBuffer.wrap(buffer));
        bufferLimit = Math.max(n, 0);
        return n;
    }

    /** One positional read into {@code into}, at most to the region's end; -1 at the end. */
    private int readFile(ByteBuffer into) throws IOException {
        long left = end - filePosition;
        if (left <= 0) {
            return -1;
        }
        if (into.remaining() > left) {
            into.limit(into.position() + (int) left);
        }
        pace.moveTo(filePosition + into.remaining() - start);
        int n = channel.read(into, filePosition);
        if (n > 0) {
            filePosition += n;
        }
        return n == 0 ? -1 : n;
    }
}
