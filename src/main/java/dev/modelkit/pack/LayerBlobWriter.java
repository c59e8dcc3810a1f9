package dev.modelkit.pack;

import dev.modelkit.layer.Compression;
import dev.modelkit.layer.CompressionPool;
import dev.modelkit.oci.DigestingOutputStream;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one layer's uncompressed content into a layout blob, compressing on the way when asked, and returns the
 * blob's digest and size and the uncompressed digest (diffId). Each byte is hashed once per form it takes:
 * uncompressed blobs are hashed once, their digest serving as diffId too.
 */
final class LayerBlobWriter {

    /** Writes a layer's uncompressed bytes (a tar, or a raw file) to the given stream. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private LayerBlobWriter() {
    }

    static Packer.LayerBlob write(OciLayoutWriter layout, Compression compression, CompressionPool compressionPool,
                                  AtomicLong progress, Content content) throws IOException {
        try (OciLayoutWriter.BlobWriter blob = layout.newBlob()) {
            if (compression == Compression.NONE) {
                content.writeTo(new Counting(blob.stream(), progress));
                OciLayoutWriter.Written written = blob.commit();
                return new Packer.LayerBlob(written.digest(), written.size(), written.digest());
            }
            OutputStream compressor = compression.compress(blob.stream(), compressionPool);
            DigestingOutputStream uncompressed = new DigestingOutputStream(compressor);
            try {
                content.writeTo(new Counting(uncompressed, progress));
            } catch (IOException | RuntimeException e) {
                Compression.abort(compressor); // no chunk may still be written when the blob is closed below
                throw e;
            }
            compressor.close();
            OciLayoutWriter.Written written = blob.commit();
            return new Packer.LayerBlob(written.digest(), written.size(), uncompressed.digest());
        }
    }

    /** Counts uncompressed bytes for progress reports; close is not passed on (the blob writer owns the file). */
    private static final class Counting extends FilterOutputStream {
        private final AtomicLong progress;

        Counting(OutputStream out, AtomicLong progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            progress.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            progress.addAndGet(len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
