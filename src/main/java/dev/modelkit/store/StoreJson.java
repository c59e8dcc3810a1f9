package dev.modelkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.GoJsonStrings;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The store's small JSON files byte for byte as kit (Go encoding/json) writes them: compact, no trailing newline,
 * fields in the Go structs' order, map keys sorted, HTML characters escaped. Matching bytes means a file kit and this
 * plugin both touch does not flip-flop, and a re-install that changes nothing writes nothing.
 */
final class StoreJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreJson() {
    }

    /** {@code storage/index.json} as ORAS writes it: with the index media type. */
    static byte[] storageIndex(List<Descriptor> manifests) {
        return index(manifests, true);
    }

    /** {@code <stem>-index.json}: kit's per-repository index, which carries no media type. */
    static byte[] repositoryIndex(List<Descriptor> manifests) {
        return index(manifests, false);
    }

    private static byte[] index(List<Descriptor> manifests, boolean withMediaType) {
        StringBuilder out = new StringBuilder("{\"schemaVersion\":2");
        if (withMediaType) {
            out.append(",\"mediaType\":");
            string(out, MediaTypes.OCI_INDEX);
        }
        out.append(",\"manifests\":[");
        for (int i = 0; i < manifests.size(); i++) {
            out.append(i > 0 ? "," : "");
            descriptor(out, manifests.get(i));
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code <stem>-tags.json}: tag → manifest descriptor, keys sorted as Go sorts map keys (bytewise). */
    static byte[] tags(SortedMap<String, Descriptor> tags) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Descriptor> e : tags.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            string(out, e.getKey());
            out.append(':');
            descriptor(out, e.getValue());
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The image-spec Descriptor struct's field order: mediaType, digest, size, annotations, artifactType. */
    private static void descriptor(StringBuilder out, Descriptor d) {
        out.append("{\"mediaType\":");
        string(out, d.mediaType());
        out.append(",\"digest\":");
        string(out, d.digest().toString());
        out.append(",\"size\":").append(d.size());
        if (!d.annotations().isEmpty()) {
            out.append(",\"annotations\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : d.annotations().entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, e.getKey());
                out.append(':');
                string(out, e.getValue());
            }
            out.append('}');
        }
        if (d.artifactType() != null) {
            out.append(",\"artifactType\":");
            string(out, d.artifactType());
        }
        out.append('}');
    }

    /** A JSON string with Go's escaping, shared with the Kitfile writer ({@link GoJsonStrings}). */
    static void string(StringBuilder out, String s) {
        GoJsonStrings.append(out, s);
    }

    /** The manifests of an index file (either kind). */
    static List<Descriptor> readIndex(byte[] json, String source) throws StoreException {
        JsonNode root = parse(json, source);
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : root.path("manifests")) {
            out.add(descriptor(m, source));
        }
        return out;
    }

    /** A tags file. */
    static SortedMap<String, Descriptor> readTags(byte[] json, String source) throws StoreException {
        JsonNode root = parse(json, source);
        SortedMap<String, Descriptor> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            out.put(e.getKey(), descriptor(e.getValue(), source));
        }
        return out;
    }

    static JsonNode parse(byte[] json, String source) throws StoreException {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new StoreException(source + " is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new StoreException(source + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static Descriptor descriptor(JsonNode node, String source) throws StoreException {
        try {
            Map<String, String> annotations = new LinkedHashMap<>();
            node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            String artifactType = node.hasNonNull("artifactType") ? node.get("artifactType").asText() : null;
            return new Descriptor(node.path("mediaType").asText(), Digest.parse(node.path("digest").asText()),
                    node.path("size").asLong(-1), annotations, artifactType);
        } catch (IllegalArgumentException e) {
            throw new StoreException(source + ": bad descriptor " + node + ": " + e.getMessage(), e);
        }
    }
}
