package dev.modelkit.layer;

import dev.modelkit.testing.RecordingLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Small helpers to build input trees with fixed contents and permission bits (independent of the umask). */
final class Trees {

    private Trees() {
    }

    /** A file holding "testing: REL\n" with mode 0644; parents are created with 0755. */
    static Path file(Path root, String rel) {
        return file(root, rel, 0644);
    }

    static Path file(Path root, String rel, int mode) {
        Path p = root.resolve(rel);
        try {
            dirs(root, p.getParent());
            Files.writeString(p, "testing: " + rel + "\n", StandardCharsets.UTF_8);
            mode(p, mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Path dir(Path root, String rel, int mode) {
        Path p = root.resolve(rel);
        dirs(root, p);
        mode(p, mode);
        return p;
    }

    static Path link(Path root, String rel, String target) {
        Path p = root.resolve(rel);
        try {
            dirs(root, p.getParent());
            return Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mode(Path p, int mode) {
        try {
            Files.setAttribute(p, "unix:mode", mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void dirs(Path root, Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                dirs(root, dir.getParent());
                Files.createDirectory(dir);
                mode(dir, 0755);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A selector with the context's .kitignore, the root Kitfile always excluded, and the given policy. */
    static LayerFileSelector selector(Path context, List<String> layers, SymlinkPolicy policy, RecordingLog log)
            throws IOException {
        return new LayerFileSelector(context, layers, KitIgnore.load(context), Set.of(context.resolve("Kitfile")),
                policy, log);
    }
}
