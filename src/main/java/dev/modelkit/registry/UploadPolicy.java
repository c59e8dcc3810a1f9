package dev.modelkit.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How blobs go up, as kit does it: monolithic (POST, then one PUT) for small blobs and for registries known to break
 * chunked uploads; chunked {@code PATCH} uploads of {@code chunkSize} bytes for blobs of at least that size elsewhere.
 *
 * @param chunkSize            chunk size in bytes; blobs smaller than this go up in one PUT; 0 or less: never chunk
 * @param monolithicRegistries host patterns that always get monolithic uploads ({@code ghcr.io}, {@code *.pkg.dev}:
 *                             a leading {@code *} matches any prefix), compared without the port
 * @param parallelism          blobs uploaded at once
 */
public record UploadPolicy(long chunkSize, List<String> monolithicRegistries, int parallelism) {

    /** kit's chunk size: 100 MiB. */
    public static final long DEFAULT_CHUNK_SIZE = 100L * 1024 * 1024;

    /** kit's list of registries whose chunked uploads fail (kitops #777, #821). */
    public static final List<String> KIT_MONOLITHIC_REGISTRIES =
            List.of("ghcr.io", "*.pkg.dev", "*gcr.io", "*.amazonaws.com", "*.amazonaws.com.cn");

    public UploadPolicy {
        monolithicRegistries = List.copyOf(monolithicRegistries);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static UploadPolicy defaults() {
        return new UploadPolicy(DEFAULT_CHUNK_SIZE, KIT_MONOLITHIC_REGISTRIES, 3);
    }

    /** kit's list plus the user's extra patterns. */
    public static List<String> withKitDefaults(List<String> extra) {
        List<String> all = new ArrayList<>(KIT_MONOLITHIC_REGISTRIES);
        all.addAll(extra);
        return all;
    }

    public boolean chunked(String registry, long blobSize) {
        return chunkSize > 0 && blobSize >= chunkSize && !monolithicOnly(registry);
    }

    public boolean monolithicOnly(String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        String withoutPort = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        for (String pattern : monolithicRegistries) {
            String p = pattern.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            boolean hit = p.startsWith("*") ? withoutPort.endsWith(p.substring(1))
                    : p.equals(withoutPort) || p.equals(host);
            if (hit) {
                return true;
            }
        }
        return false;
    }
}
