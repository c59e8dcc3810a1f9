package dev.modelkit.pack;

import java.io.IOException;
import java.io.OutputStream;

/** Passes every write to two streams: a layer's blob and its place in the archive, from one read of the input. */
final class TeeOutputStream extends OutputStream {

    private final OutputStream first;
    private final OutputStream second;

    private TeeOutputStream(OutputStream first, OutputStream second) {
        this.first = first;
        this.second = second;
    }

    /**
     * A layer's content that also goes to {@code copy}, which is closed only once the whole content is written:
     * a layer that fails midway never counts as copied.
     */
    static LayerBlobWriter.Content copying(LayerBlobWriter.Content content, OutputStream copy) {
        return out -> {
            content.writeTo(new TeeOutputStream(out, copy));
            copy.close();
        };
    }

    @Override
    public void write(int b) throws IOException {
        first.write(b);
        second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        first.write(b, off, len);
        second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        first.flush();
        second.flush();
    }

    /** Flushes only: both streams belong to the caller. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
