package dev.modelkit.pack;

import dev.modelkit.kitfile.PackageInfo;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.layer.ZstdEncoder;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one pack needs, already resolved to paths and typed values (the Maven side maps its parameters here).
 *
 * @param kitfile             the Kitfile to read
 * @param contextDirectory    the folder Kitfile paths are relative to
 * @param excluded            paths never packed wherever they lie in the context (the build directory)
 * @param layoutDirectory     where the OCI layout goes ({@code target/modelkit})
 * @param archiveFile         the oci-archive to write, or null for none
 * @param digestFile          where the manifest digest goes, one line
 * @param metadataFile        the JSON summary ({@code target/modelkit.json})
 * @param repository          the repository name used in {@code reference}
 * @param tags                one index.json entry each; at least one
 * @param packageDefaults     fills Kitfile {@code package} fields the Kitfile leaves empty (POM metadata), or null
 * @param manifestAnnotations extra manifest annotations (from the POM), may be empty
 * @param zstdEncoder         which zstd implementation compresses zstd layers (auto: libzstd where it loads)
 */
public record PackRequest(Path kitfile, Path contextDirectory, List<Path> excluded, Path layoutDirectory,
                          Path archiveFile, Path digestFile, Path metadataFile, ArtifactFormat format,
                          LayerFormat layerFormat, Compression compression, String repository, List<String> tags,
                          Optional<Instant> outputTimestamp, SymlinkPolicy symlinks, PackageInfo packageDefaults,
                          Map<String, String> manifestAnnotations, ZstdEncoder zstdEncoder) {

    /** A request with the default zstd encoder ({@code auto}). */
    public PackRequest(Path kitfile, Path contextDirectory, List<Path> excluded, Path layoutDirectory,
                       Path archiveFile, Path digestFile, Path metadataFile, ArtifactFormat format,
                       LayerFormat layerFormat, Compression compression, String repository, List<String> tags,
                       Optional<Instant> outputTimestamp, SymlinkPolicy symlinks, PackageInfo packageDefaults,
                       Map<String, String> manifestAnnotations) {
        this(kitfile, contextDirectory, excluded, layoutDirectory, archiveFile, digestFile, metadataFile, format,
                layerFormat, compression, repository, tags, outputTimestamp, symlinks, packageDefaults,
                manifestAnnotations, ZstdEncoder.AUTO);
    }

    public PackRequest {
        Objects.requireNonNull(kitfile, "kitfile");
        Objects.requireNonNull(contextDirectory, "contextDirectory");
        excluded = List.copyOf(excluded);
        Objects.requireNonNull(layoutDirectory, "layoutDirectory");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(layerFormat, "layerFormat");
        Objects.requireNonNull(compression, "compression");
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("at least one tag is needed");
        }
        outputTimestamp = outputTimestamp == null ? Optional.empty() : outputTimestamp;
        Objects.requireNonNull(symlinks, "symlinks");
        manifestAnnotations = manifestAnnotations == null ? Map.of() : Map.copyOf(manifestAnnotations);
        Objects.requireNonNull(zstdEncoder, "zstdEncoder");
    }
}
