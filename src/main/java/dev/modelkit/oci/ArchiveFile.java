package dev.modelkit.oci;

import dev.modelkit.layer.KitTarWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An oci-archive under construction, written at explicit positions: every entry's place follows from the entries
 * before it (their names and sizes), so entries can be filled in any order and from several threads at once
 * (positional writes do not share a file position). Owners, modes and the time are fixed, so equal entries give
 * equal bytes whichever writer puts them there.
 */
final class ArchiveFile implements AutoCloseable {

    static final int FILE_MODE = 0644;
    static final int DIR_MODE = 0755;
    static final String BLOBS = "blobs/sha256/";

    private final Path file;
    private final FileChannel channel;
    private final KitTarWriter.HeaderStyle style;
    /** Blob contents go around the page cache where the file system allows it; null where it does not. */
    private final UncachedWrites uncached;

    /**
     * @param bytesToWrite how many bytes the build writes from now on, this archive's and any written beside it:
     *                     whether blob contents go around the page cache depends on it ({@link UncachedWrites})
     */
    ArchiveFile(Path file, long mtimeSeconds, long bytesToWrite) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        this.style = new KitTarWriter.HeaderStyle(0, 0, mtimeSeconds);
        this.uncached = UncachedWrites.open(file, bytesToWrite);
    }

    /** A writer of the stretch {@code [start, end)}, front to back, with a channel of its own; close it. */
    ArchiveRange range(long start, long end) throws IOException {
        return new ArchiveRange(this, FileChannel.open(file, StandardOpenOption.WRITE), uncached, start, end);
    }

    /** Waits for every write under way; throws if one failed. Before bytes are written over a stretch again. */
    void drain() throws IOException {
        if (uncached != null) {
            uncached.drain();
        }
    }

    /** The archive's start: {@code oci-layout} (copied from the layout) and the folders; returns where it ends. */
    long writeStart(Path layout) throws IOException {
        long position = copyFile(0, "oci-layout", layout.resolve("oci-layout"));
        position = write(position, KitTarWriter.directoryHeader(style, "blobs", DIR_MODE));
        return write(position, KitTarWriter.directoryHeader(style, "blobs/sha256", DIR_MODE));
    }

    /** Length of a file entry: headers, content and padding. */
    static long entryLength(String name, long size) {
        return KitTarWriter.entryLength(name, size);
    }

    /** Length of a file entry's headers alone: where its content starts, counted from the entry's start. */
    static long headerLength(String name, long size) {
        return KitTarWriter.entryLength(name, size) - KitTarWriter.padded(size);
    }

    /** Writes a file entry's headers at {@code position}; returns where its content starts. */
    long writeHeader(long position, String name, long size) throws IOException {
        return write(position, KitTarWriter.fileHeader(style, name, FILE_MODE, size));
    }

    /**
     * A whole file entry at {@code position}, its content copied by an {@link ArchiveRange} (around the page cache
     * where it can, else file to file by the kernel; never through the heap); returns where the next entry starts.
     */
    long copyFile(long position, String name, Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long content = writeHeader(position, name, size);
            copyContent(in, size, content, name);
            return writePadding(content, size);
        }
    }

    /**
     * Copies {@code size} bytes of {@code in} to {@code position}. Uses a channel of its own (its own file position
     * for {@code transferTo}), so the archive's channel is never moved.
     */
    void copyContent(FileChannel in, long size, long position, String name) throws IOException {
        try (ArchiveRange range = range(position, position + size)) {
            range.copy(in, 0, size, name);
        }
    }

    /** Writes the zeros after {@code size} bytes of content that start at {@code content}; returns the end. */
    long writePadding(long content, long size) throws IOException {
        return write(content + size, new byte[(int) (KitTarWriter.padded(size) - size)]);
    }

    /**
     * Writes the two zero blocks that end a tar at {@code position}, cuts anything after them and waits for every
     * write under way.
     */
    void writeEnd(long position) throws IOException {
        write(position, new byte[1024]);
        channel.truncate(position + 1024);
        drain();
    }

    /** Writes {@code bytes} at {@code position}; returns the position after them. */
    long write(long position, byte[] bytes) throws IOException {
        return write(position, ByteBuffer.wrap(bytes));
    }

    long write(long position, ByteBuffer bytes) throws IOException {
        return writeFully(channel, bytes, position);
    }

    /** Writes all of {@code bytes} to {@code channel} at {@code position}; returns the position after them. */
    static long writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        return at;
    }

    /** Closes the file once the writes under way are done (or after a while): then it may be deleted. */
    @Override
    public void close() throws IOException {
        try (FileChannel c = channel; UncachedWrites u = uncached) {
            // both closed, the writer's thread first
        }
    }
}
