package dev.modelkit.pack;

import dev.modelkit.layer.Compression;
import dev.modelkit.layer.CompressionPool;
import dev.modelkit.layer.FileContentSink;
import dev.modelkit.oci.DigestingOutputStream;
import dev.modelkit.oci.OciArchiveTee;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

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

    /**
     * @param archive     where an uncompressed layer's bytes also go (its place in the archive), or null; compressed
     *                    layers never have one
     * @param aroundCache whether a compressed blob is written around the page cache where possible
     *                    ({@link OciLayoutWriter#newCompressedBlob()})
     */
    static Packer.LayerBlob write(OciLayoutWriter layout, Compression compression, CompressionPool compressionPool,
                                  AtomicLong progress, Content content, OciArchiveTee.Region archive,
                                  boolean aroundCache) throws IOException {
        if (compression == Compression.NONE) {
            // big files are copied file to file by the kernel and hashed beside the copy (DirectBlobStream)
            try (OciLayoutWriter.BlobWriter blob = layout.newDirectBlob(archive)) {
                content.writeTo(new Counting(blob.stream(), progress));
                OciLayoutWriter.Written written = blob.commit();
                return new Packer.LayerBlob(written.digest(), written.size(), written.digest());
            }
        }
        if (archive != null) {
            throw new IllegalArgumentException("only uncompressed layers go into the archive as they are written");
        }
        try (OciLayoutWriter.BlobWriter blob = aroundCache ? layout.newCompressedBlob() : layout.newBlob()) {
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

    /**
     * Counts uncompressed bytes for progress reports; close is not passed on (the blob writer owns the file). Whole
     * files go on to the blob's own file copy when it has one.
     */
    private static final class Counting extends FilterOutputStream implements FileContentSink {
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
        public boolean copiesDirectly(long size) {
            return out instanceof FileContentSink sink && sink.copiesDirectly(size);
        }

        @Override
        public void copyFile(Path source, long size, String name, LongConsumer copied) throws IOException {
            ((FileContentSink) out).copyFile(source, size, name, n -> {
                progress.addAndGet(n);
                copied.accept(n);
            });
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
