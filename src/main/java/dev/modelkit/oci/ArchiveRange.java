package dev.modelkit.oci;

import dev.modelkit.Futures;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.Future;

/**
 * One stretch of an archive, {@code [start, end)}, written front to back: a blob's content. Where the archive has
 * {@link UncachedWrites}, the stretch's aligned middle is gathered in buffers and written around the page cache,
 * two buffers at most on their way (one is filled while the other is written); the unaligned ends, and the whole
 * of stretches too short to be worth it, go through the cache: bytes by positional writes, file content by kernel
 * copies through a channel of the range's own (a kernel copy writes at its target's position, which writers of
 * different stretches must not share), closed with the range. Nothing is sent beyond {@code end}: callers keep
 * within it.
 */
final class ArchiveRange implements AutoCloseable {

    private final ArchiveFile tar;
    private final FileChannel channel;
    private final UncachedWrites uncached;
    private final long alignedStart;
    /** Where the middle ends; moved to where it stands if no buffer can be had, and the rest goes through the cache. */
    private long alignedEnd;
    private final Future<?>[] writing = new Future<?>[2];
    /** Which of {@link #writing} the buffer being filled will be. */
    private int slot;
    private ByteBuffer buffer;
    private long bufferAt;
    private long position;

    /** @param channel a channel of its own on the archive's file; the range closes it */
    ArchiveRange(ArchiveFile tar, FileChannel channel, UncachedWrites uncached, long start, long end) {
        this.tar = tar;
        this.channel = channel;
        this.uncached = uncached;
        this.position = start;
        int alignment = uncached == null ? 1 : uncached.alignment();
        long first = (start + alignment - 1) / alignment * alignment;
        long after = end / alignment * alignment;
        boolean worth = uncached != null && after - first >= UncachedWrites.BUFFER_SIZE;
        this.alignedStart = worth ? first : end;
        this.alignedEnd = worth ? after : end;
    }

    /** Appends bytes. */
    void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            ByteBuffer into = inMiddle() ? gather() : null;
            int n = (int) Math.min(len - done, stretchEnd() - position);
            if (into != null) {
                n = Math.min(n, into.remaining());
                into.put(b, off + done, n);
                sendIfFull();
            } else {
                tar.write(position, ByteBuffer.wrap(b, off + done, n));
            }
            position += n;
            done += n;
        }
    }

    /** Appends {@code count} bytes of {@code in} from {@code from}; {@code name} is the file, for errors. */
    void copy(FileChannel in, long from, long count, String name) throws IOException {
        for (long done = 0; done < count; ) {
            ByteBuffer into = inMiddle() ? gather() : null;
            long n = Math.min(count - done, stretchEnd() - position);
            if (into != null) {
                n = Math.min(n, into.remaining());
                readFully(in, into, from + done, (int) n, name);
                sendIfFull();
            } else {
                channel.position(position);
                if (KernelCopy.copy(in, from + done, n, channel) < n) {
                    throw shrank(name);
                }
            }
            position += n;
            done += n;
        }
    }

    private boolean inMiddle() {
        return position >= alignedStart && position < alignedEnd;
    }

    /** Where the stretch the next byte is in (head, middle or tail) ends. */
    private long stretchEnd() {
        return position < alignedStart ? alignedStart : position < alignedEnd ? alignedEnd : Long.MAX_VALUE;
    }

    /**
     * The buffer the next byte of the middle goes to; a new one once the slot's previous write is done. Null when no
     * buffer can be had: the middle then ends here (an aligned position: every buffer sent was full).
     */
    private ByteBuffer gather() throws IOException {
        if (buffer == null) {
            if (writing[slot] != null) {
                Futures.await(writing[slot], "writing the archive");
            }
            buffer = uncached.take();
            if (buffer == null) {
                alignedEnd = position;
                return null;
            }
            buffer.limit((int) Math.min(UncachedWrites.BUFFER_SIZE, alignedEnd - position));
            bufferAt = position;
        }
        return buffer;
    }

    /** A full buffer (the last one's limit is the middle's end) is sent to be written. */
    private void sendIfFull() {
        if (!buffer.hasRemaining()) {
            writing[slot] = uncached.write(buffer.flip(), bufferAt);
            slot ^= 1;
            buffer = null;
        }
    }

    private static void readFully(FileChannel in, ByteBuffer into, long from, int count, String name)
            throws IOException {
        int limit = into.limit();
        into.limit(into.position() + count);
        try {
            for (long at = from; into.hasRemaining(); ) {
                int n = in.read(into, at);
                if (n < 0) {
                    throw shrank(name);
                }
                at += n;
            }
        } finally {
            into.limit(limit);
        }
    }

    private static IOException shrank(String name) {
        return new IOException("file " + name + " shrank while it was packed");
    }

    /** Closes the range's channel; writes sent around the cache finish on their own ({@link ArchiveFile#drain}). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
