package dev.modelkit.oci;

import dev.modelkit.layer.KitTarWriter;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
            try (FileChannel archiveChannel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 KitTarWriter tar = new KitTarWriter(Channels.newOutputStream(archiveChannel),
                         new KitTarWriter.HeaderStyle(0, 0, mtimeSeconds))) {
                addFile(tar, archiveChannel, layout, "oci-layout");
                addFile(tar, archiveChannel, layout, "index.json");
                tar.writeDirectory("blobs", 0755);
                tar.writeDirectory("blobs/sha256", 0755);
                for (Path blob : sortedBlobs(layout.resolve("blobs").resolve("sha256"))) {
                    addFile(tar, archiveChannel, layout, "blobs/sha256/" + blob.getFileName());
                }
            }
            OciLayoutWriter.moveReplacing(temp, archive);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Header through the tar writer, content copied file-to-file by the kernel (no trip through the heap): the
     * tar writer writes unbuffered to the same channel, so the two never interleave wrongly.
     */
    private static void addFile(KitTarWriter tar, FileChannel archive, Path layout, String name) throws IOException {
        Path file = layout.resolve(name);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            tar.writeFileHeader(name, 0644, size);
            long copied = 0;
            while (copied < size) {
                long n = in.transferTo(copied, size - copied, archive);
                if (n <= 0) {
                    throw new IOException("blob " + name + " shrank while the archive was written");
                }
                copied += n;
            }
            tar.writePadding(size);
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
