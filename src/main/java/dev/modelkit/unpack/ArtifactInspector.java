package dev.modelkit.unpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.KitfileJson;
import dev.modelkit.oci.ArtifactSource;

import java.io.IOException;

/**
 * What {@code modelkit:inspect} prints: the manifest, the Kitfile (a ModelKit's config, a ModelPack's
 * {@code ml.kitops.modelkit.kitfile} annotation, or the one generated for a ModelPack without it) and a ModelPack's
 * config, as one JSON document. Everything shown was verified against its digest first.
 */
public final class ArtifactInspector {

    private final BuildLog log;

    public ArtifactInspector(BuildLog log) {
        this.log = log;
    }

    public byte[] inspect(ArtifactSource source) throws UnpackException, IOException {
        ModelArtifact a = new ModelArtifactReader(log).read(source);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("source", source.description());
        root.put("digest", a.manifestDescriptor().digest().toString());
        root.put("format", a.modelPack() ? "modelpack" : "modelkit");
        root.set("manifest", mapper.readTree(a.manifestJson()));
        JsonNode kitfile;
        if (!a.modelPack()) {
            kitfile = mapper.readTree(a.configJson());
        } else {
            String annotation = a.manifest().annotations().get(ModelArtifactReader.KITFILE_ANNOTATION);
            kitfile = mapper.readTree(annotation != null ? annotation : new String(KitfileJson.toJson(a.kitfile()),
                    java.nio.charset.StandardCharsets.UTF_8));
            root.put("kitfileGenerated", a.kitfileGenerated());
        }
        root.set("kitfile", kitfile);
        if (a.modelPack()) {
            JsonNode config;
            try {
                config = mapper.readTree(a.configJson());
            } catch (IOException e) {
                config = mapper.getNodeFactory().textNode(new String(a.configJson(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            root.set("modelPackConfig", config);
        }
        return (mapper.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
