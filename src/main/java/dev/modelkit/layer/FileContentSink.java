package dev.modelkit.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * A stream that can take a whole file's content without the bytes passing through the writer: an uncompressed layer
 * blob copies a big file file-to-file in the kernel instead of reading it into the heap and writing it back. Writers
 * ({@link KitTarWriter}, raw layers) ask {@link #copiesDirectly} and otherwise stream the file themselves.
 */
public interface FileContentSink {

    /** Whether a file of this many bytes is better given to {@link #copyFile} than written through the stream. */
    boolean copiesDirectly(long size);

    /**
     * Appends exactly {@code size} bytes, the whole of {@code source}, as if they had been written to the stream.
     * Fails naming {@code name} when the file has another size or changes while it is copied.
     *
     * @param copied told how many bytes went on, step by step (for progress reports)
     */
    void copyFile(Path source, long size, String name, LongConsumer copied) throws IOException;
}
