package dev.modelkit.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether a freshly staged layout equals the one already in place: same index.json bytes and every staged blob
 * present there with the same size (blob names are their digests). Then the old layout is kept untouched, so a
 * repeat build rewrites nothing.
 */
final class LayoutComparison {

    private LayoutComparison() {
    }

    static boolean sameContent(Path staged, Path existing) throws IOException {
        Path existingIndex = existing.resolve("index.json");
        if (!Files.isRegularFile(existingIndex) || !Files.isRegularFile(existing.resolve("oci-layout"))) {
            return false;
        }
        if (!Arrays.equals(Files.readAllBytes(staged.resolve("index.json")), Files.readAllBytes(existingIndex))) {
            return false;
        }
        Path existingBlobs = existing.resolve("blobs").resolve("sha256");
        List<Path> stagedBlobs;
        try (Stream<Path> s = Files.list(staged.resolve("blobs").resolve("sha256"))) {
            stagedBlobs = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        for (Path blob : stagedBlobs) {
            Path other = existingBlobs.resolve(blob.getFileName().toString());
            if (!Files.isRegularFile(other, LinkOption.NOFOLLOW_LINKS) || Files.size(other) != Files.size(blob)) {
                return false;
            }
        }
        try (Stream<Path> s = Files.list(existingBlobs)) {
            // Extra blobs (left from older builds) would end up in the archive: rebuild the layout clean.
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count() == stagedBlobs.size();
        }
    }
}
