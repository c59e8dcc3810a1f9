package dev.modelkit.oci;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps windows of a file into memory and unmaps each as soon as its reader closes it, instead of whenever the garbage
 * collector gets to it: a 140 GB model read through mappings left to the collector would keep gigabytes of page
 * tables and count as resident memory. Reading a mapping copies each byte once (page cache to heap), where a read
 * call copies it twice (page cache to a native buffer, then to the heap); that is what makes hashing a big file
 * beside a kernel copy about as fast as hashing alone.
 *
 * <p>Java 17 has no public way to unmap, so this uses what the running JDK offers: the foreign-memory API's arenas on
 * JDK 22 and later (looked up by reflection, as this code is built for 17), else {@code sun.misc.Unsafe.invokeCleaner}
 * (JDK 17 to 21, where it is supported and warns nothing; later JDKs warn about it, and have arenas). On a JDK with
 * neither, {@link #available()} is false and callers read the file instead.
 */
final class FileMappings {

    /** The most mapped at once by one reader. */
    static final int WINDOW = 64 * 1024 * 1024;

    /** One mapped window; its buffer must not be touched once closed (with the cleaner, that would crash the JVM). */
    interface Mapping extends AutoCloseable {
        ByteBuffer buffer();

        @Override
        void close() throws IOException;
    }

    private interface Strategy {
        Mapping map(FileChannel channel, long position, int length) throws IOException;
    }

    private final String name;
    private final Strategy strategy;

    private FileMappings(String name, Strategy strategy) {
        this.name = name;
        this.strategy = strategy;
    }

    /** The best way the running JDK offers; checked once per call, so tests can compare. */
    static FileMappings forRunningJdk() {
        if (Runtime.version().feature() >= 22) {
            FileMappings arenas = arenas();
            if (arenas != null) {
                return arenas;
            }
        }
        FileMappings cleaner = cleaner();
        return cleaner != null ? cleaner : none();
    }

    /** No mappings: callers read instead. */
    static FileMappings none() {
        return new FileMappings("none", null);
    }

    boolean available() {
        return strategy != null;
    }

    /** "arena", "cleaner" or "none": for logs and tests. */
    String name() {
        return name;
    }

    /** Maps {@code length} bytes at {@code position}, read-only. */
    Mapping map(FileChannel channel, long position, int length) throws IOException {
        if (strategy == null) {
            throw new IllegalStateException("no way to unmap files on this JDK");
        }
        return strategy.map(channel, position, length);
    }

    /** JDK 22+: a confined arena per window; closing the arena unmaps it. */
    static FileMappings arenas() {
        try {
            Class<?> arena = Class.forName("java.lang.foreign.Arena");
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Method ofConfined = arena.getMethod("ofConfined");
            Method map = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class, arena);
            Method asByteBuffer = segment.getMethod("asByteBuffer");
            return new FileMappings("arena", (channel, position, length) -> {
                AutoCloseable scope = (AutoCloseable) invoke(ofConfined, null);
                try {
                    Object mapped = invoke(map, channel, FileChannel.MapMode.READ_ONLY, position, (long) length, scope);
                    ByteBuffer buffer = (ByteBuffer) invoke(asByteBuffer, mapped);
                    return mapping(buffer, () -> closeArena(scope));
                } catch (IOException | RuntimeException e) {
                    closeArena(scope);
                    throw e;
                }
            });
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** JDK 17-21: a plain mapping, unmapped by running its cleaner at once. */
    static FileMappings cleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
            return new FileMappings("cleaner", (channel, position, length) -> {
                MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
                return mapping(buffer, () -> invoke(invokeCleaner, unsafe, buffer));
            });
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private interface Unmap {
        void run() throws IOException;
    }

    private static Mapping mapping(ByteBuffer buffer, Unmap unmap) {
        return new Mapping() {
            private boolean closed;

            @Override
            public ByteBuffer buffer() {
                if (closed) {
                    throw new IllegalStateException("mapping already closed");
                }
                return buffer;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    unmap.run();
                }
            }
        };
    }

    private static void closeArena(AutoCloseable arena) throws IOException {
        try {
            arena.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not unmap a file window", e);
        }
    }

    /** Calls a reflected method, passing on what it throws as it was thrown. */
    private static Object invoke(Method method, Object target, Object... arguments) throws IOException {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }
}
