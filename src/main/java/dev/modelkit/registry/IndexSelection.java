package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Picks the manifest to push from an index.json: the entry tagged {@code tag}, else the only manifest there is. */
final class IndexSelection {

    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private IndexSelection() {
    }

    static Descriptor pick(byte[] indexJson, String tag, String source) throws IOException {
        List<Descriptor> all = entries(indexJson, source);
        if (all.isEmpty()) {
            throw new IOException("The index.json of " + source + " lists no manifest");
        }
        if (tag != null) {
            for (Descriptor d : all) {
                if (tag.equals(d.annotations().get(REF_NAME))) {
                    return d;
                }
            }
        }
        Set<Digest> distinct = new LinkedHashSet<>();
        all.forEach(d -> distinct.add(d.digest()));
        if (distinct.size() > 1) {
            throw new IOException("The index.json of " + source + " lists " + distinct.size()
                    + " different manifests and none is tagged '" + tag + "': name the tag to push");
        }
        return all.get(0);
    }

    /** Every manifest entry of an index.json, annotations kept. */
    static List<Descriptor> entries(byte[] indexJson, String source) throws IOException {
        JsonNode index = new ObjectMapper().readTree(indexJson);
        List<Descriptor> all = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            all.add(descriptor(m, source));
        }
        return all;
    }

    private static Descriptor descriptor(JsonNode m, String source) throws IOException {
        try {
            java.util.Map<String, String> annotations = new java.util.TreeMap<>();
            m.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            return new Descriptor(m.path("mediaType").asText(), Digest.parse(m.path("digest").asText()),
                    m.path("size").asLong(-1), annotations, null);
        } catch (IllegalArgumentException e) {
            throw new IOException("Bad manifest entry in the index.json of " + source + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks the manifest bytes against their descriptor (digest and size). */
    static byte[] checkedManifest(byte[] bytes, Descriptor d, String source) throws CorruptBlobException {
        if (bytes.length != d.size() || !Digest.of(bytes).equals(d.digest())) {
            throw new CorruptBlobException("The manifest " + d.digest() + " of " + source + " does not verify: "
                    + bytes.length + " bytes hashing to " + Digest.of(bytes) + " (index.json says " + d.size()
                    + " bytes)");
        }
        return bytes;
    }
}
