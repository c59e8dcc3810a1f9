package dev.modelkit.unpack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@code source} string names, decided in design.md's order: an existing file or folder; else a registry
 * reference, when it has a '/' and the part before the first '/' holds a '.' or ':' or is {@code localhost} (Docker's
 * rule: Maven coordinates never contain '/', so {@code com.example:model:1.0} stays coordinates); else Maven
 * coordinates {@code groupId:artifactId:version[:classifier]}; else a kit reference without a registry
 * ({@code model:1.0}, {@code team/model:1.0}, {@code model@sha256:...}), which only the local store can hold.
 */
public sealed interface SourceReference {

    /** An OCI layout folder or an oci-archive file. */
    record LocalPath(Path path) implements SourceReference {
    }

    /** A registry reference, e.g. {@code ghcr.io/org/model:1.0}. */
    record Registry(String reference) implements SourceReference {
    }

    /** A reference with kit's default registry {@code localhost} left out: looked up in the local store only. */
    record StoreName(String reference) implements SourceReference {
    }

    /** Maven coordinates; no classifier = the main artifact of a {@code modelkit}-packaging project. */
    record Coordinates(String groupId, String artifactId, String version, String classifier)
            implements SourceReference {
    }

    /** @param baseDir what a relative path is relative to (the project folder, or the working folder) */
    static SourceReference parse(String source, Path baseDir) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("no source given (set <source> or -Dmodelkit.source)");
        }
        String s = source.trim();
        Path path = baseDir.resolve(s);
        if (Files.exists(path)) {
            return new LocalPath(path);
        }
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return new Registry(s);
            }
        }
        String[] parts = s.split(":", -1);
        if ((parts.length == 3 || parts.length == 4) && !s.contains("/")) {
            for (String p : parts) {
                if (p.isBlank()) {
                    throw new IllegalArgumentException("source '" + s + "' has an empty coordinate part");
                }
            }
            return new Coordinates(parts[0], parts[1], parts[2], parts.length == 4 ? parts[3] : null);
        }
        if (s.contains("@") || (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()
                && !parts[1].contains("/"))) {
            return new StoreName(s);
        }
        throw new IllegalArgumentException("source '" + s + "' is not an existing file or folder (looked at " + path
                + "), a registry reference, Maven coordinates groupId:artifactId:version[:classifier] or a local store"
                + " reference repository:tag");
    }
}
