package dev.modelkit.unpack;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One unpack, already resolved (the Maven side maps its parameters here).
 *
 * @param outputDirectory created if missing; nothing is written outside it
 * @param filters         kit filters, OR-ed; empty = everything and the Kitfile
 */
public record UnpackRequest(Path outputDirectory, List<UnpackFilter> filters, ExistingFiles existing) {

    public UnpackRequest {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        filters = filters == null ? List.of() : List.copyOf(filters);
        existing = existing == null ? ExistingFiles.FAIL : existing;
    }
}
