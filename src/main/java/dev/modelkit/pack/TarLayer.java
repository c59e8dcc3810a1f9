package dev.modelkit.pack;

import dev.modelkit.layer.Compression;
import dev.modelkit.layer.KitTarWriter;
import dev.modelkit.layer.LayerEntry;
import dev.modelkit.oci.DigestingOutputStream;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Executor;

/** Streams one tar layer into a layout blob: files are read once, hashed (and compressed) on the way. */
final class TarLayer {

    private TarLayer() {
    }

    static Packer.LayerBlob write(List<LayerEntry> entries, Compression compression, OciLayoutWriter layout,
                                  Executor compressionPool, int threads) throws IOException {
        try (OciLayoutWriter.BlobWriter blob = layout.newBlob()) {
            if (compression == Compression.NONE) {
                // Uncompressed: the blob is the tar, so one hash serves as digest and diffId.
                try (KitTarWriter tar = new KitTarWriter(blob.stream())) {
                    for (LayerEntry e : entries) {
                        tar.write(e);
                    }
                }
                OciLayoutWriter.Written written = blob.commit();
                return new Packer.LayerBlob(written.digest(), written.size(), written.digest());
            }
            OutputStream compressor = compression.compress(blob.stream(), compressionPool, threads);
            DigestingOutputStream uncompressed = new DigestingOutputStream(compressor);
            try (KitTarWriter tar = new KitTarWriter(uncompressed)) {
                for (LayerEntry e : entries) {
                    tar.write(e);
                }
            }
            compressor.close();
            OciLayoutWriter.Written written = blob.commit();
            return new Packer.LayerBlob(written.digest(), written.size(), uncompressed.digest());
        }
    }
}
