package dev.modelkit.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifests and indexes written by anyone (kit omits the manifest {@code mediaType}; older artifacts have no
 * {@code artifactType}). Lenient about unknown fields, strict about the fields it uses: a malformed digest or size is
 * an error naming the document, never a silent default.
 */
public final class OciJsonReader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private OciJsonReader() {
    }

    /** Thrown for a document that is not a valid manifest or index; an IOException as it comes from input. */
    public static final class InvalidDocumentException extends IOException {
        public InvalidDocumentException(String message) {
            super(message);
        }
    }

    public static JsonNode tree(byte[] json, String label) throws InvalidDocumentException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidDocumentException(label + " is not a JSON object");
            }
            return node;
        } catch (InvalidDocumentException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidDocumentException(label + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    public static Manifest manifest(byte[] json, String label) throws InvalidDocumentException {
        JsonNode root = tree(json, label);
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw new InvalidDocumentException(label + ": schemaVersion is not 2");
        }
        String mediaType = optionalText(root, "mediaType", label);
        if (MediaTypes.OCI_INDEX.equals(mediaType)) {
            throw new InvalidDocumentException(label + " is an image index, not a manifest");
        }
        if (mediaType != null && !MediaTypes.OCI_MANIFEST.equals(mediaType)) {
            throw new InvalidDocumentException(label + " has media type " + mediaType + ", not " + MediaTypes.OCI_MANIFEST);
        }
        if (!root.has("config")) {
            throw new InvalidDocumentException(label + " has no config descriptor");
        }
        Descriptor config = descriptor(root.get("config"), label + " config");
        List<Descriptor> layers = new ArrayList<>();
        JsonNode layerNodes = root.path("layers");
        if (!layerNodes.isMissingNode() && !layerNodes.isNull()) {
            if (!layerNodes.isArray()) {
                throw new InvalidDocumentException(label + ": layers is not an array");
            }
            for (int i = 0; i < layerNodes.size(); i++) {
                layers.add(descriptor(layerNodes.get(i), label + " layer " + i));
            }
        }
        return new Manifest(optionalText(root, "artifactType", label), config, layers,
                annotations(root.path("annotations"), label));
    }

    /** The manifest descriptors an index lists. */
    public static List<Descriptor> index(byte[] json, String label) throws InvalidDocumentException {
        JsonNode root = tree(json, label);
        JsonNode manifests = root.path("manifests");
        if (!manifests.isArray()) {
            throw new InvalidDocumentException(label + " has no manifests array");
        }
        List<Descriptor> out = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            out.add(descriptor(manifests.get(i), label + " manifests[" + i + "]"));
        }
        return out;
    }

    public static Descriptor descriptor(JsonNode node, String label) throws InvalidDocumentException {
        if (node == null || !node.isObject()) {
            throw new InvalidDocumentException(label + " is not a descriptor object");
        }
        String mediaType = optionalText(node, "mediaType", label);
        if (mediaType == null) {
            throw new InvalidDocumentException(label + " has no mediaType");
        }
        Digest digest;
        try {
            digest = Digest.parse(optionalText(node, "digest", label));
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException(label + ": " + e.getMessage());
        }
        JsonNode size = node.path("size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new InvalidDocumentException(label + " (" + digest + ") has no valid size");
        }
        return new Descriptor(mediaType, digest, size.asLong(), annotations(node.path("annotations"), label),
                optionalText(node, "artifactType", label));
    }

    private static Map<String, String> annotations(JsonNode node, String label) throws InvalidDocumentException {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidDocumentException(label + ": annotations is not an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidDocumentException(label + ": annotation " + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String optionalText(JsonNode node, String field, String label) throws InvalidDocumentException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDocumentException(label + ": " + field + " is not a string");
        }
        return v.asText();
    }
}
