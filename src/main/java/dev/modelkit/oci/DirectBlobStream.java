package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;
import dev.modelkit.NewFiles;
import dev.modelkit.layer.FileContentSink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * An uncompressed blob written straight to its file, its big files never passing through the heap: tar headers and
 * small files go through a buffer, while a big file's content is copied file to file by the kernel
 * ({@link FileChannel#transferTo}), and a second thread hashes everything in order. For a big file it hashes the
 * blob's own bytes, read back (from the page cache) right behind the copy, so the digest is that of what the blob
 * holds by construction; the copy keeps within a window of the hash ({@code Lead}), so the pages are still in the
 * cache. On two cores the copy and the hash then take about as long as the slower of the two alone, instead of
 * read, hash and write in turn. Hashing through memory mappings instead of reads was measured too: faster when the
 * machine's page handling was cheap, 20 % slower over a whole pack when it was not, so reads stay.
 *
 * <p>A source file that changes while it is copied would give a blob mixing old and new bytes: its size, times and
 * file key are compared before and after, and a changed file fails the blob. The same bytes can also go to the
 * layer's place in an oci-archive, read back from the blob (its pages are still in the cache) and written there by
 * {@link OciArchiveTee.Region}. Not for concurrent use.
 */
public final class DirectBlobStream extends HashingStream implements FileContentSink {

    /** Files from this size on are copied by the kernel; smaller ones cost less through the buffer. */
    static final long DIRECT_FROM = 1024 * 1024;
    private static final long STEP = 8L * 1024 * 1024;
    private static final int BUFFER_SIZE = 256 * 1024;
    private static final int BUFFERS = 4;

    private final FileChannel blob;
    private final OciArchiveTee.Region archive;
    private final long window;
    private final ExecutorService hasher = DaemonThreads.single("modelkit-hasher");
    /** The hasher thread's buffer for file content. */
    private final byte[] chunk = new byte[1024 * 1024];
    private final MessageDigest sha256 = Digest.newSha256();
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private Future<?> lastHash;
    private byte[] buffer = new byte[BUFFER_SIZE];
    private int filled;
    private long count;
    private boolean closed;
    /** Set by any failure: the blob is then never finished (no digest, its archive region not complete). */
    private boolean failed;
    private Digest digest;

    /**
     * @param file    the blob's (new, empty) file
     * @param archive where the same bytes also go, or null; the caller closes it
     */
    public DirectBlobStream(Path file, OciArchiveTee.Region archive) throws IOException {
        this(file, archive, Lockstep.WINDOW);
    }

    DirectBlobStream(Path file, OciArchiveTee.Region archive, long window) throws IOException {
        // read too: the hasher reads big files back from the blob
        this.blob = NewFiles.channel(file, StandardOpenOption.READ);
        this.archive = archive;
        this.window = window;
        for (int i = 1; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
    }

    /** Bytes written so far. */
    @Override
    public long count() {
        return count;
    }

    /** The sha256 of everything written; only once closed without a failure. */
    @Override
    public Digest digest() {
        if (!closed || digest == null) {
            throw new IllegalStateException("not closed yet, or failed");
        }
        return digest;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            handOver();
        }
        buffer[filled++] = (byte) b;
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == buffer.length) {
                handOver();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            count += n;
        }
    }

    @Override
    public boolean copiesDirectly(long size) {
        return size >= DIRECT_FROM;
    }

    @Override
    public void copyFile(Path source, long size, String name, LongConsumer copied) throws IOException {
        handOver();
        Path file = source.toRealPath();
        FileVersion before = FileVersion.of(file);
        if (before.size() != size) {
            failed = true;
            throw changedSize(name, size, before.size());
        }
        long start = blob.position();
        Lead lead = new Lead(window);
        Future<?> hashed = hasher.submit(() -> {
            hashCopied(start, size, lead);
            return null;
        });
        lastHash = hashed;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            copy(in, start, size, name, lead, copied);
            Futures.await(hashed, "hashing " + name);
        } catch (IOException e) {
            stopHash(lead, hashed);
            throw named(e, name);
        } catch (RuntimeException | Error e) {
            stopHash(lead, hashed);
            throw e;
        }
        FileVersion after = FileVersion.of(file);
        if (!after.equals(before)) {
            failed = true; // what was copied may mix the file's old and new bytes
            throw after.size() != size ? changedSize(name, size, after.size())
                    : new IOException("file " + name + " changed while it was packed");
        }
    }

    /** After a failed copy: the hasher stops at its next step, and is waited for before anything else happens. */
    private void stopHash(Lead lead, Future<?> hashed) {
        failed = true;
        lead.cancel();
        Futures.settle(hashed, 30);
    }

    private static IOException changedSize(String name, long planned, long now) {
        return new IOException("file " + name + " changed size while it was packed (" + planned
                + " bytes when the layer was planned, " + now + " now)");
    }

    /** An I/O error that does not say which file it was about gets the name. */
    private static IOException named(IOException e, String name) {
        if (e instanceof InterruptedIOException || e instanceof ClosedByInterruptException
                || String.valueOf(e.getMessage()).contains(name)) {
            return e;
        }
        return new IOException("copying file " + name + " into the layer: " + e.getMessage(), e);
    }

    /**
     * Copies the file into the blob (and the archive region, from the blob) step by step, telling the hasher how
     * far the blob is written.
     */
    private void copy(FileChannel in, long start, long size, String name, Lead lead, LongConsumer copied)
            throws IOException {
        long position = 0;
        while (position < size) {
            long step = Math.min(STEP, size - position);
            lead.awaitRoom(position);
            long done = KernelCopy.copy(in, position, step, blob);
            if (done < step) {
                throw new IOException("file " + name + " shrank while it was packed (expected " + size
                        + " bytes, copied " + (position + done) + ")");
            }
            if (archive != null) {
                archive.copy(blob, start + position, step, name);
            }
            position += step;
            count += step;
            lead.copied(position);
            copied.accept(step);
        }
    }

    /**
     * On the hasher thread: hashes the blob's bytes {@code [start, start + size)} as they are copied in. Hashing the
     * blob, not the source file, makes the digest that of the bytes the blob holds, whatever the source did.
     */
    private void hashCopied(long start, long size, Lead lead) throws IOException {
        try {
            ByteBuffer into = ByteBuffer.wrap(chunk);
            long hashed = 0;
            while (hashed < size) {
                long copied = lead.awaitCopied(hashed);
                while (hashed < copied) {
                    into.clear().limit((int) Math.min(chunk.length, copied - hashed));
                    int n = blob.read(into, start + hashed);
                    if (n <= 0) {
                        throw new IOException("blob file ended at " + (start + hashed) + " while it was hashed");
                    }
                    sha256.update(chunk, 0, n);
                    hashed += n;
                    lead.hashed(hashed);
                }
            }
        } catch (IOException | RuntimeException e) {
            lead.cancel();
            throw e;
        }
    }

    /**
     * How far one file's copy into the blob is ahead of its hash: the hash never passes the copy (it reads what was
     * copied), and the copy keeps within a window of the hash, so the hash finds the blob's pages in the cache.
     */
    private static final class Lead {
        private final long window;
        private long copied;
        private long hashed;
        private boolean cancelled;

        Lead(long window) {
            this.window = window;
        }

        synchronized void copied(long position) {
            copied = position;
            notifyAll();
        }

        synchronized void hashed(long position) {
            hashed = position;
            notifyAll();
        }

        /** Before copying from {@code position} on: waits while the copy is a window or more ahead of the hash. */
        synchronized void awaitRoom(long position) throws IOException {
            while (!cancelled && position - hashed >= window) {
                waitUninterrupted("the hash of the copied bytes");
            }
            check();
        }

        /** Waits until more than {@code position} bytes are copied; returns how many are. */
        synchronized long awaitCopied(long position) throws IOException {
            while (!cancelled && copied <= position) {
                waitUninterrupted("the copy");
            }
            check();
            return copied;
        }

        synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        private void check() throws IOException {
            if (cancelled) {
                throw new IOException("copying or hashing the file failed");
            }
        }

        private void waitUninterrupted(String what) throws InterruptedIOException {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + what);
            }
        }
    }

    /** Writes the buffer out and gives it to the hasher; takes a free one (waiting while all are being hashed). */
    private void handOver() throws IOException {
        if (filled == 0) {
            return;
        }
        byte[] full = buffer;
        int length = filled;
        ByteBuffer bytes = ByteBuffer.wrap(full, 0, length);
        failed = true; // until written out
        while (bytes.hasRemaining()) {
            blob.write(bytes);
        }
        if (archive != null) {
            archive.write(full, 0, length);
        }
        failed = false;
        lastHash = hasher.submit(() -> {
            try {
                sha256.update(full, 0, length);
            } finally {
                free.add(full);
            }
        });
        filled = 0;
        try {
            buffer = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a blob was hashed");
        }
    }

    /**
     * Writes what is left and waits for the hash; the file is closed even when that fails. After a failure the
     * blob is left unfinished: no digest, and its archive region does not count as filled.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel file = blob) {
            if (!failed) {
                handOver();
                if (lastHash != null) {
                    Futures.await(lastHash, "hashing a blob");
                }
                digest = Digest.of(sha256);
                if (archive != null) {
                    archive.complete();
                }
            }
        } finally {
            if (lastHash != null) {
                Futures.settle(lastHash, 30); // after a failure the hasher may still read a buffer or the blob
            }
            hasher.shutdown();
        }
    }
}
