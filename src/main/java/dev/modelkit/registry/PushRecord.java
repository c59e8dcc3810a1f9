package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code pushed: [{reference, digest}]} field of {@code target/modelkit.json}: read the file, replace entries for
 * the same references, write it back atomically. Earlier pushes of this ModelKit to other repositories of the same
 * registry are also where a later push mounts blobs from.
 */
public final class PushRecord {

    private PushRecord() {
    }

    public static void add(Path metadataFile, List<PushResult.Pushed> pushed) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = Files.isRegularFile(metadataFile) && mapper.readTree(metadataFile.toFile()) instanceof
                ObjectNode o ? o : mapper.createObjectNode();
        Set<String> replaced = new LinkedHashSet<>();
        pushed.forEach(p -> replaced.add(p.reference()));
        ArrayNode entries = mapper.createArrayNode();
        for (JsonNode old : root.path("pushed")) {
            if (!replaced.contains(old.path("reference").asText())) {
                entries.add(old);
            }
        }
        for (PushResult.Pushed p : pushed) {
            entries.addObject().put("reference", p.reference()).put("digest", p.digest().toString());
        }
        root.set("pushed", entries);
        byte[] json = mapper.writeValueAsBytes(root);
        byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        OciLayoutWriter.writeAtomically(metadataFile, withNewline);
    }

    /** Repositories of {@code registry} this ModelKit was pushed to before (candidates for a blob mount). */
    public static List<String> repositoriesOn(Path metadataFile, String registry) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(metadataFile)) {
            return out;
        }
        for (JsonNode p : new ObjectMapper().readTree(metadataFile.toFile()).path("pushed")) {
            try {
                ImageReference r = ImageReference.parse(p.path("reference").asText());
                if (r.registry().equals(registry) && !out.contains(r.repository())) {
                    out.add(r.repository());
                }
            } catch (IllegalArgumentException ignored) {
                // a hand-edited entry: not a mount candidate
            }
        }
        return out;
    }
}
