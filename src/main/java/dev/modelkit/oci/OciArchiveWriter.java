package dev.modelkit.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an OCI layout folder as one tar with its files at the root (an "oci-archive" that {@code skopeo} and
 * {@code kit} read), copying the finished layout. Entries: {@code oci-layout}, the folders {@code blobs} and
 * {@code blobs/sha256}, the blobs in {@link OciArchiveOrder}, and {@code index.json} last. Owners, modes and time
 * are fixed, so the archive is byte-identical whenever the layout is, and identical to what {@link OciArchiveTee}
 * writes while the layers are packed.
 */
public final class OciArchiveWriter {

    private OciArchiveWriter() {
    }

    /**
     * Writes {@code archive} from {@code layout} through a temporary file and an atomic rename.
     *
     * @param mtimeSeconds the time stamped on every entry (the build's output timestamp, or 0)
     */
    public static void write(Path layout, Path archive, long mtimeSeconds) throws IOException {
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + archive.getFileName(), ".tmp");
        try {
            Path blobs = layout.resolve("blobs").resolve("sha256");
            List<String> order = OciArchiveOrder.blobs(layout);
            long size = 0;
            for (String blob : order) {
                size += Files.size(blobs.resolve(blob));
            }
            try (ArchiveFile tar = new ArchiveFile(temp, mtimeSeconds, size)) {
                long position = tar.writeStart(layout);
                for (String blob : order) {
                    position = tar.copyFile(position, ArchiveFile.BLOBS + blob, blobs.resolve(blob));
                }
                position = tar.copyFile(position, "index.json", layout.resolve("index.json"));
                tar.writeEnd(position);
            }
            OciLayoutWriter.moveReplacing(temp, archive);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
