package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies large files (unpacked files, blobs installed into the KitOps store) with their writes around the page cache
 * ({@code O_DIRECT}) where that is faster ({@link FasterWay} measures it, write by write): the bytes are read into
 * aligned buffers outside the heap, and a thread of the copy's own writes them, around the cache or through it (in
 * pieces of {@link DirectFile#CACHED_PIECE}), while the next ones are read, up to {@link #DEPTH} buffers ahead.
 *
 * <p>Why: unpacking writes every byte of the model into new files. On the bench VM a page written through the cache
 * costs a fault in the host (it hands freed memory back), so the kernel's file-to-file copy of 2 GiB took 2.8-3.9 s
 * of system time, and {@code dd} with {@code oflag=direct} 1.8-2.8 s with 0.4-0.7 s of it: the unpack of the bench
 * model (3.1 GB) went from 9.3-10.2 s to 5.0-6.2 s, against 7.1-10.0 s for {@code cp -r} in the same rounds. The
 * files unpacked this way are on the disk, not in the cache, when the unpack ends; a later read of them reads the
 * disk. Where the disk is slower than a memory copy the writes go through the cache anyway, {@link FasterWay}
 * finding that out within the first few writes. The system property {@value #PROPERTY} ({@code auto}, the default,
 * or {@code never}) turns it off.
 *
 * <p>Where the file system refuses {@code O_DIRECT} (tmpfs before Linux 6.6, some network file systems), or no
 * memory outside the heap is left for the buffers, {@link #copy} says so before reading anything and the caller
 * copies another way. Several copies may run at once (one per layer being unpacked, one per blob being
 * installed); buffers are reused from one copy to the next, and at most {@link #MAX_BUFFER_SETS} copies hold buffers at once.
 */
public final class UncachedCopies {

    /**
     * The system property that turns these copies off, for unpack and install alike: {@code auto} (the default) or
     * {@code never}.
     */
    public static final String PROPERTY = "modelkit.copies.uncached";

    /** Files at least this large are copied this way by default: a few writes each, so the choice can be measured. */
    public static final long MIN_SIZE = 16L * 1024 * 1024;

    /** Bytes per write: the disk streams at this size (4 and 8 MiB writes ran at its speed here). */
    static final int CHUNK = 4 * 1024 * 1024;

    /** Buffers per copy: one being read into while up to two are written. */
    static final int DEPTH = 3;

    /**
     * Copies that may hold buffers at once (12 MiB each): more would not make a disk faster, and memory outside the
     * heap is limited (by default to the heap's size). Further copies at the same time are the kernel's.
     */
    static final int MAX_BUFFER_SETS = 4;

    /** How long a copy that failed waits for its writes in flight, which end within one write each. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final long minSize;
    private final Queue<ByteBuffer[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger bufferSets = new AtomicInteger();
    /** Set once memory outside the heap ran out: asking again would cost a full collection each time. */
    private volatile boolean outOfMemory;
    private final AtomicLong directWrites = new AtomicLong();

    private UncachedCopies(long minSize) {
        this.minSize = minSize;
    }

    /**
     * Copies of files of {@code minSize} bytes or more, or null when the system property turns them off.
     *
     * @throws IllegalArgumentException for a value of the property other than {@code auto} and {@code never}
     */
    public static UncachedCopies open(long minSize) {
        return DirectFile.allowedBy(PROPERTY) ? new UncachedCopies(minSize) : null;
    }

    /** Whether a file of {@code size} bytes is worth copying this way. */
    public boolean wants(long size) {
        return size >= minSize;
    }

    /** Where a copy's bytes come from. */
    public interface Source {
        /** Fills {@code into}, from its position to its limit, with the next bytes; an EOFException if they end. */
        void fill(ByteBuffer into) throws IOException;
    }

    /**
     * Copies the next {@code count} bytes of {@code source} into {@code target} (which exists and is empty). Returns
     * false, having read nothing, where that cannot be done around the cache (see the class comment), or
     * {@link #MAX_BUFFER_SETS} copies are under way already. When the copy fails, its writes are stopped and waited
     * for (up to 30 s, for a stuck disk) before the file is closed and this returns.
     */
    public boolean copy(Source source, long count, Path target) throws IOException {
        DirectFile file = DirectFile.open(target);
        if (file == null) {
            return false;
        }
        ByteBuffer[] buffers = take();
        if (buffers == null) {
            file.close();
            return false;
        }
        ExecutorService writer = DaemonThreads.single("modelkit-copy-writer");
        FasterWay way = new FasterWay(); // used on the writer thread only
        List<Future<?>> writes = new ArrayList<>();
        String doing = "writing " + target;
        try (file) {
            try {
                long done = 0;
                for (int slot = 0; done < count; slot = (slot + 1) % DEPTH) {
                    if (writes.size() >= DEPTH) {
                        Futures.await(writes.get(writes.size() - DEPTH), doing); // that buffer is free again
                    }
                    ByteBuffer chunk = buffers[slot].clear().limit((int) Math.min(CHUNK, count - done));
                    source.fill(chunk);
                    chunk.flip();
                    long position = done;
                    done += chunk.limit(); // before the chunk is the writer's, which moves its limit
                    writes.add(writer.submit(() -> {
                        write(file, chunk, position, way);
                        return null;
                    }));
                }
                for (Future<?> w : writes) {
                    Futures.await(w, doing);
                }
            } finally {
                // After a failure the writes still queued are cancelled and the one under way is waited for, before
                // the file is closed; the buffers go to the next copy only if nothing writes from them any more.
                if (Futures.stop(writer, writes, STOP_WAIT_SECONDS)) {
                    free.add(buffers);
                } else {
                    bufferSets.decrementAndGet(); // left to the stuck write; the set is not counted any more
                }
            }
        }
        return true;
    }

    /** Writes one chunk: its aligned part whichever way is faster, an unaligned end (the file's) through the cache. */
    private void write(DirectFile file, ByteBuffer chunk, long position, FasterWay way) throws IOException {
        int length = chunk.limit();
        int aligned = length & -file.alignment();
        boolean chosen = aligned > 0 && way.direct();
        boolean direct = chosen;
        long start = System.nanoTime();
        if (direct) {
            chunk.limit(aligned);
            direct = file.write(chunk, position); // false when the file system refused it: it went through the cache
            chunk.limit(length);
            if (direct) {
                directWrites.incrementAndGet();
            }
        }
        if (chunk.hasRemaining()) {
            file.writeCached(chunk, position + chunk.position());
        }
        if (aligned == length && direct == chosen) { // a whole chunk one way (a refused direct write tells nothing)
            way.record(direct, length, System.nanoTime() - start);
        }
    }

    /**
     * A set of buffers at aligned addresses, reused or new; null when {@link #MAX_BUFFER_SETS} are in use or no
     * memory outside the heap is left.
     */
    private ByteBuffer[] take() {
        ByteBuffer[] buffers = free.poll();
        if (buffers != null) {
            return buffers;
        }
        if (outOfMemory) {
            return null;
        }
        if (bufferSets.incrementAndGet() > MAX_BUFFER_SETS) {
            bufferSets.decrementAndGet();
            return null;
        }
        buffers = new ByteBuffer[DEPTH];
        try {
            for (int i = 0; i < DEPTH; i++) {
                buffers[i] = DirectFile.alignedBuffer(CHUNK);
            }
            return buffers;
        } catch (OutOfMemoryError e) {
            outOfMemory = true; // the JVM's limit on memory outside the heap defaults to the heap's size
            bufferSets.decrementAndGet();
            return null;
        }
    }

    /** Sets of buffers waiting for the next copy (tests). */
    int freeBufferSets() {
        return free.size();
    }

    /** Chunks written around the cache so far (tests). */
    long directWrites() {
        return directWrites.get();
    }
}
