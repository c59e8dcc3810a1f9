package dev.modelkit.oci;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor. Annotations are kept sorted by key, as Go's encoding/json writes maps, so the JSON
 * never depends on insertion order.
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
                         String artifactType) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        annotations = annotations == null || annotations.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), null);
    }

    public Descriptor withAnnotations(Map<String, String> more) {
        TreeMap<String, String> all = new TreeMap<>(annotations);
        all.putAll(more);
        return new Descriptor(mediaType, digest, size, all, artifactType);
    }

    public Descriptor withArtifactType(String type) {
        return new Descriptor(mediaType, digest, size, annotations, type);
    }
}
