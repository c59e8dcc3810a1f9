package dev.modelkit.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The order of the blobs in an oci-archive, decided by the layout's documents rather than by file names: for each
 * manifest index.json lists (in index order), its layers in manifest order, then its config, then the manifest
 * itself; each digest only at its first mention; then any blob no manifest names, sorted by name. Layer blobs
 * thus come first and in the order the packer writes them, which lets it write the archive while it writes the
 * layers ({@link OciArchiveTee}) and still produce exactly the bytes {@link OciArchiveWriter} copies from the
 * finished layout.
 *
 * <p>A descriptor in index.json whose blob is not a readable image manifest (a nested index, say) is listed
 * itself, without children; descriptors whose blob is not in the layout are skipped (nothing to copy).
 */
public final class OciArchiveOrder {

    private OciArchiveOrder() {
    }

    /** The hex names of the layout's blobs ({@code blobs/sha256/<hex>}) in archive order. */
    public static List<String> blobs(Path layout) throws IOException {
        Path dir = layout.resolve("blobs").resolve("sha256");
        byte[] index = Files.readAllBytes(layout.resolve("index.json"));
        Set<String> order = new LinkedHashSet<>();
        for (Descriptor listed : OciJsonReader.index(index, layout + " index.json")) {
            Path manifestBlob = dir.resolve(listed.digest().hex());
            if (!isBlob(manifestBlob)) {
                continue;
            }
            for (Descriptor d : referenced(manifestBlob)) {
                if (isBlob(dir.resolve(d.digest().hex()))) {
                    order.add(d.digest().hex());
                }
            }
            order.add(listed.digest().hex());
        }
        List<String> all = new ArrayList<>(order);
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")) // a writer's temporary files
                    .filter(name -> !order.contains(name))
                    .sorted()
                    .forEach(all::add);
        }
        return all;
    }

    /** A manifest's layers then its config; nothing when the blob is not a manifest this reader understands. */
    private static List<Descriptor> referenced(Path manifestBlob) throws IOException {
        if (Files.size(manifestBlob) > OciLayoutReader.MAX_DOCUMENT) {
            return List.of();
        }
        try {
            Manifest m = OciJsonReader.manifest(Files.readAllBytes(manifestBlob), manifestBlob.toString());
            List<Descriptor> out = new ArrayList<>(m.layers());
            out.add(m.config());
            return out;
        } catch (OciJsonReader.InvalidDocumentException e) {
            return List.of();
        }
    }

    private static boolean isBlob(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }
}
