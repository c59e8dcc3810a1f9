package dev.modelkit.oci;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file open twice for writing, around the page cache ({@code O_DIRECT}) and through it, for the writers that send
 * whole aligned stretches one way and the rest the other: {@link UncachedWrites} (the archive),
 * {@link UncachedFileOutputStream} (compressed blobs) and {@link UncachedCopies} (unpacked and installed files). A direct write that fails (an odd device or file system) is
 * written again through the cache, and so is every later one. One thread at a time.
 */
final class DirectFile implements AutoCloseable {

    /**
     * What positions and lengths of direct writes are multiples of, at least: the largest page size Linux runs with
     * (arm64 and ppc64le kernels may use 64 KiB pages while the file system's block is 4 KiB), so that no page of the
     * file holds bytes written both ways, which the kernel could not keep coherent.
     */
    static final int MIN_ALIGNMENT = 64 * 1024;

    /**
     * Writes through the cache go in pieces no larger than this. On the bench VM (Linux 6.18, ext4) one write of
     * 4 MiB through the cache cost three times the system time of the same bytes in 128 KiB writes (2 GiB: 9.2-10.5 s
     * against 3.3-3.4 s; 1 MiB writes 8.0-8.3 s, 256 KiB 4.9-5.1 s), the kernel's file-to-file copy 2.8-3.5 s.
     */
    static final int CACHED_PIECE = 128 * 1024;

    private final FileChannel direct;
    private final FileChannel cached;
    private boolean throughCache;

    private DirectFile(FileChannel direct, FileChannel cached) {
        this.direct = direct;
        this.cached = cached;
    }

    /**
     * Whether the system property {@code property}, {@code auto} (the default) or {@code never}, lets a writer go
     * around the cache.
     *
     * @throws IllegalArgumentException for any other value
     */
    static boolean allowedBy(String property) {
        String mode = System.getProperty(property, "auto");
        if (!mode.equals("auto") && !mode.equals("never")) {
            throw new IllegalArgumentException(property + "=" + mode + ": use auto (the default) or never");
        }
        return mode.equals("auto");
    }

    /**
     * A buffer of {@code size} bytes (a multiple of {@link #MIN_ALIGNMENT}) outside the heap, at an address aligned
     * for direct writes.
     *
     * @throws OutOfMemoryError when no memory outside the heap is left (its limit defaults to the heap's size)
     */
    static ByteBuffer alignedBuffer(int size) {
        return ByteBuffer.allocateDirect(size + MIN_ALIGNMENT).alignedSlice(MIN_ALIGNMENT).limit(size);
    }

    /**
     * {@code file} (which exists) open both ways, or null where direct I/O is not available: a file system that
     * refuses {@code O_DIRECT} (tmpfs before Linux 6.6, some network file systems) or has an odd block size.
     */
    static DirectFile open(Path file) {
        FileChannel direct = null;
        try {
            long block = Files.getFileStore(file).getBlockSize();
            if (block <= 0 || block > MIN_ALIGNMENT || Long.bitCount(block) != 1) {
                return null;
            }
            direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            return new DirectFile(direct, FileChannel.open(file, StandardOpenOption.WRITE));
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(direct);
            return null;
        }
    }

    /**
     * What positions, lengths and buffer addresses of direct writes must be multiples of: {@link #MIN_ALIGNMENT},
     * since {@link #open} takes only block sizes that are powers of two up to it.
     */
    int alignment() {
        return MIN_ALIGNMENT;
    }

    /**
     * Writes all of {@code bytes} at {@code position}, around the cache unless an earlier direct write failed or
     * {@link #useCacheFromNow()} was called; returns whether it went around the cache.
     */
    boolean write(ByteBuffer bytes, long position) throws IOException {
        int start = bytes.position();
        if (!throughCache) {
            try {
                ArchiveFile.writeFully(direct, bytes, position);
                return true;
            } catch (IOException e) {
                throughCache = true; // an odd device or file system: the same bytes through the cache
                bytes.position(start);
            }
        }
        writeCached(bytes, position);
        return false;
    }

    /**
     * Writes all of {@code bytes} at {@code position} through the cache (an unaligned stretch, or bytes to be
     * written that way), in pieces of at most {@link #CACHED_PIECE} bytes.
     */
    void writeCached(ByteBuffer bytes, long position) throws IOException {
        int limit = bytes.limit();
        long at = position;
        try {
            while (bytes.hasRemaining()) {
                bytes.limit(Math.min(limit, bytes.position() + CACHED_PIECE));
                at = ArchiveFile.writeFully(cached, bytes, at);
                bytes.limit(limit);
            }
        } finally {
            bytes.limit(limit);
        }
    }

    /** Sends every later write through the cache. */
    void useCacheFromNow() {
        throughCache = true;
    }

    @Override
    public void close() throws IOException {
        try (FileChannel d = direct; FileChannel c = cached) {
            // both closed, the first failure reported
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // it was never used
            }
        }
    }
}
