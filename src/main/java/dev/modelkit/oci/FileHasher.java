package dev.modelkit.oci;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Feeds a file's bytes to a digest, through memory mappings unmapped window by window ({@link FileMappings}) where the
 * JDK allows, else through positional reads. Keeps pace with another reader of the same file (the kernel copy of a
 * pack), so each reads the pages the other brought into the cache. One per thread: it owns a buffer.
 */
final class FileHasher {

    private static final int CHUNK = 1024 * 1024;

    private final FileMappings mappings;
    private final byte[] chunk = new byte[CHUNK];

    FileHasher(FileMappings mappings) {
        this.mappings = mappings;
    }

    /** Feeds bytes {@code [0, size)} of {@code in} to {@code digest}; {@code name} is for messages. */
    void hash(FileChannel in, long size, MessageDigest digest, Lockstep.Pace pace, String name) throws IOException {
        if (mappings.available()) {
            hashMapped(in, size, digest, pace, name);
        } else {
            hashRead(in, size, digest, pace, name);
        }
    }

    private void hashMapped(FileChannel in, long size, MessageDigest digest, Lockstep.Pace pace, String name)
            throws IOException {
        for (long window = 0; window < size; window += FileMappings.WINDOW) {
            int length = (int) Math.min(FileMappings.WINDOW, size - window);
            if (in.size() < window + length) {
                throw shrank(name, size);
            }
            try (FileMappings.Mapping mapping = mappings.map(in, window, length)) {
                ByteBuffer mapped = mapping.buffer();
                while (mapped.hasRemaining()) {
                    int n = Math.min(chunk.length, mapped.remaining());
                    pace.moveTo(window + mapped.position() + n);
                    mapped.get(chunk, 0, n);
                    digest.update(chunk, 0, n);
                }
            } catch (InternalError e) {
                // what the JVM throws when a mapped page is gone: the file was cut short while it was mapped
                throw shrank(name, size);
            }
        }
    }

    private void hashRead(FileChannel in, long size, MessageDigest digest, Lockstep.Pace pace, String name)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        long position = 0;
        while (position < size) {
            buffer.clear().limit((int) Math.min(chunk.length, size - position));
            pace.moveTo(position + buffer.limit());
            int n = in.read(buffer, position);
            if (n <= 0) {
                throw shrank(name, size);
            }
            digest.update(chunk, 0, n);
            position += n;
        }
    }

    private static IOException shrank(String name, long size) {
        return new IOException("file " + name + " shrank while it was packed (expected " + size + " bytes)");
    }
}
