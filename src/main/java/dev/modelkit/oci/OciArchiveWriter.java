package dev.modelkit.oci;

import dev.modelkit.layer.KitTarWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an OCI layout folder as one tar with its files at the root (an "oci-archive" that {@code skopeo} and
 * {@code kit} read). Entries are in a fixed order with fixed owners, modes and time, so the archive is byte-identical
 * whenever the layout is.
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
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024);
                 KitTarWriter tar = new KitTarWriter(file, new KitTarWriter.HeaderStyle(0, 0, mtimeSeconds))) {
                addFile(tar, layout, "oci-layout");
                addFile(tar, layout, "index.json");
                tar.writeDirectory("blobs", 0755);
                tar.writeDirectory("blobs/sha256", 0755);
                for (Path blob : sortedBlobs(layout.resolve("blobs").resolve("sha256"))) {
                    addFile(tar, layout, "blobs/sha256/" + blob.getFileName());
                }
            }
            OciLayoutWriter.moveReplacing(temp, archive);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void addFile(KitTarWriter tar, Path layout, String name) throws IOException {
        Path file = layout.resolve(name);
        try (InputStream in = Files.newInputStream(file)) {
            tar.writeFile(name, 0644, Files.size(file), in);
        }
    }

    private static List<Path> sortedBlobs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
