package dev.modelkit.oci;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** An OCI image manifest: the artifact's root. {@code mediaType} is always written (kit leaves it out). */
public record Manifest(String artifactType, Descriptor config, List<Descriptor> layers,
                       Map<String, String> annotations) {

    public Manifest {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = annotations == null || annotations.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public String mediaType() {
        return MediaTypes.OCI_MANIFEST;
    }
}
