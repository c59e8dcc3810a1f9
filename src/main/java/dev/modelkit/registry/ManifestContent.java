package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a push or pull needs from manifest bytes: their media type and the blobs they name. The bytes themselves are
 * never re-serialised, so the digest stays the one pack computed.
 *
 * @param mediaType the manifest's {@code mediaType} (OCI image manifest when the field is absent, as kit writes)
 * @param config    the config descriptor
 * @param layers    the layer descriptors, duplicates removed, in manifest order
 */
public record ManifestContent(String mediaType, Descriptor config, List<Descriptor> layers) {

    public ManifestContent {
        layers = List.copyOf(layers);
    }

    public static ManifestContent parse(byte[] bytes, String source) throws IOException {
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new IOException("The manifest of " + source + " is not JSON: " + e.getMessage(), e);
        }
        String type = m.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
        if (type.equals(MediaTypes.OCI_INDEX) || type.endsWith("manifest.list.v2+json")) {
            throw new IOException(source + " is an image index, not a single manifest: name one of its manifests");
        }
        if (!m.path("config").isObject()) {
            throw new IOException("The manifest of " + source + " has no config");
        }
        Map<Digest, Descriptor> layers = new LinkedHashMap<>();
        for (JsonNode l : m.path("layers")) {
            Descriptor d = descriptor(l, source);
            layers.putIfAbsent(d.digest(), d);
        }
        return new ManifestContent(type, descriptor(m.path("config"), source), new ArrayList<>(layers.values()));
    }

    /** Every blob, layers first and the config last (the order a push uploads them in). */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>(layers);
        if (layers.stream().noneMatch(l -> l.digest().equals(config.digest()))) {
            all.add(config);
        }
        return all;
    }

    private static Descriptor descriptor(JsonNode d, String source) throws IOException {
        try {
            long size = d.path("size").asLong(-1);
            if (size < 0) {
                throw new IllegalArgumentException("missing or negative size");
            }
            return new Descriptor(d.path("mediaType").asText(""), Digest.parse(d.path("digest").asText()), size);
        } catch (IllegalArgumentException e) {
            throw new IOException("Bad descriptor in the manifest of " + source + ": " + e.getMessage(), e);
        }
    }
}
