package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;
import dev.modelkit.layer.FileContentSink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
 * ({@link FileChannel#transferTo}) and read once more, from the page cache, by a second thread that hashes everything
 * in order. That thread reads big files with positional reads ({@link FileRegionInputStream}) a window behind the
 * copy ({@link Lockstep}), so it finds their pages in the cache and no input byte comes from disk twice (the JVM's
 * read count shows them twice). On two cores the copy and the hash then take about as long as the slower of the two
 * alone, instead of read, hash and write in turn. Hashing through memory mappings instead of reads was measured too:
 * faster when the machine's page handling was cheap, 20 % slower over a whole pack when it was not, so reads stay.
 *
 * <p>Because the file is read twice, it must not change in between: its size, modification and change times and file
 * key are compared before the copy and after the hash, and a file that changed fails the blob (the hashed bytes might
 * not be those copied). The same bytes can also go to the layer's place in an oci-archive, copied by the kernel too.
 * Not for concurrent use.
 */
public final class DirectBlobStream extends OutputStream implements FileContentSink {

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
    private Digest digest;

    /**
     * @param file    the blob's (new, empty) file
     * @param archive where the same bytes also go, or null
     */
    public DirectBlobStream(Path file, OciArchiveTee.Region archive) throws IOException {
        this(file, archive, Lockstep.WINDOW);
    }

    DirectBlobStream(Path file, OciArchiveTee.Region archive, long window) throws IOException {
        this.blob = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.archive = archive;
        this.window = window;
        for (int i = 1; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /** The sha256 of everything written; only once closed without a failure. */
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
            throw changedSize(name, size, before.size());
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            Lockstep lockstep = new Lockstep(window);
            Future<?> hashed = hasher.submit(() -> {
                hashFile(in, file, size, lockstep.side(1), name);
                return null;
            });
            lastHash = hashed;
            Lockstep.Pace pace = lockstep.side(0);
            try {
                copy(in, size, name, pace, copied);
            } catch (IOException | RuntimeException e) {
                lockstep.cancel();
                Futures.settle(hashed);
                throw e;
            } finally {
                pace.done();
            }
            Futures.await(hashed, "hashing " + name);
            FileVersion after = FileVersion.of(file);
            if (after.size() != size) {
                throw changedSize(name, size, after.size());
            }
            if (!after.equals(before)) {
                throw new IOException("file " + name + " changed while it was packed");
            }
        }
    }

    private static IOException changedSize(String name, long planned, long now) {
        return new IOException("file " + name + " changed size while it was packed (" + planned
                + " bytes when the layer was planned, " + now + " now)");
    }

    /** On the hasher thread: feeds the file's bytes to the digest, keeping pace with the copy. */
    private void hashFile(FileChannel in, Path file, long size, Lockstep.Pace pace, String name) throws IOException {
        try (FileRegionInputStream bytes = new FileRegionInputStream(in, new BlobRegion(file, 0, size), pace)) {
            long hashed = 0;
            for (int n; (n = bytes.read(chunk)) > 0; ) {
                sha256.update(chunk, 0, n);
                hashed += n;
            }
            if (hashed != size) {
                throw new IOException("file " + name + " shrank while it was packed (expected " + size + " bytes)");
            }
        } finally {
            pace.done();
        }
    }

    private void copy(FileChannel in, long size, String name, Lockstep.Pace pace, LongConsumer copied)
            throws IOException {
        long position = 0;
        while (position < size) {
            long step = Math.min(STEP, size - position);
            pace.moveTo(position + step);
            for (long done = 0; done < step; ) {
                long n = in.transferTo(position + done, step - done, blob);
                if (n <= 0) {
                    throw new IOException("file " + name + " shrank while it was packed (expected " + size
                            + " bytes, copied " + (position + done) + ")");
                }
                done += n;
            }
            if (archive != null) {
                archive.copy(in, position, step, name);
            }
            position += step;
            count += step;
            copied.accept(step);
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
        while (bytes.hasRemaining()) {
            blob.write(bytes);
        }
        if (archive != null) {
            archive.write(full, 0, length);
        }
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

    /** Writes what is left and waits for the hash; the file is closed even when that fails. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel file = blob) {
            handOver();
            if (lastHash != null) {
                Futures.await(lastHash, "hashing a blob");
            }
            digest = Digest.of(sha256);
            if (archive != null) {
                archive.complete();
            }
        } finally {
            if (lastHash != null) {
                Futures.settle(lastHash); // after a failure the hasher may still read a buffer or the file
            }
            hasher.shutdown();
            if (archive != null) {
                archive.close();
            }
        }
    }
}
