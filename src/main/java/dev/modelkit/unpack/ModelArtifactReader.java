package dev.modelkit.unpack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.KitfileException;
import dev.modelkit.kitfile.KitfileJson;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.Manifest;
import dev.modelkit.oci.MediaTypes;
import dev.modelkit.oci.OciJsonReader;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.VerifyingInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and verifies the manifest and config of a source and works out its Kitfile (read, or generated). */
public final class ModelArtifactReader {

    /** The manifest annotation where kit stores a ModelPack's Kitfile (as JSON). */
    public static final String KITFILE_ANNOTATION = "ml.kitops.modelkit.kitfile";
    static final int MAX_CONFIG = 4 * 1024 * 1024;

    private static final Set<String> MODELPACK_ARTIFACTS = Set.of(MediaTypes.MODELPACK_ARTIFACT,
            "application/vnd.cnai.model.manifest.v1+json");
    private static final Set<String> MODELPACK_CONFIGS = Set.of(MediaTypes.MODELPACK_CONFIG,
            "application/vnd.cnai.model.config.v1+json");

    private final BuildLog log;

    public ModelArtifactReader(BuildLog log) {
        this.log = log;
    }

    public ModelArtifact read(ArtifactSource source) throws UnpackException, IOException {
        Descriptor manifestDescriptor = source.manifestDescriptor();
        String manifestLabel = "manifest of " + source.description();
        byte[] manifestJson = VerifyingInputStream.readSmall(source.openBlob(manifestDescriptor), manifestDescriptor,
                manifestLabel, OciLayoutReader.MAX_DOCUMENT);
        Manifest manifest = OciJsonReader.manifest(manifestJson, manifestLabel + " " + manifestDescriptor.digest());
        Descriptor config = manifest.config();
        byte[] configJson = VerifyingInputStream.readSmall(source.openBlob(config), config, "config blob",
                MAX_CONFIG);

        // Set.of(...).contains(null) throws: legacy manifests have no artifactType.
        String artifactType = manifest.artifactType() == null ? "" : manifest.artifactType();
        boolean modelPack = MODELPACK_ARTIFACTS.contains(artifactType)
                || MODELPACK_CONFIGS.contains(config.mediaType());
        boolean modelKit = MediaTypes.MODELKIT_ARTIFACT.equals(manifest.artifactType())
                || MediaTypes.MODELKIT_CONFIG.equals(config.mediaType());
        if (!modelPack && !modelKit) {
            throw new UnpackException(source.description() + " is neither a ModelKit nor a ModelPack: artifactType "
                    + manifest.artifactType() + ", config media type " + config.mediaType());
        }
        if (!modelPack) {
            Kitfile kitfile = kitfile(configJson, "config blob " + config.digest());
            return new ModelArtifact(manifestDescriptor, manifestJson, manifest, configJson, false, kitfile, false,
                    null);
        }
        List<Digest> diffIds = modelPackDiffIds(configJson, config);
        String annotation = manifest.annotations().get(KITFILE_ANNOTATION);
        if (annotation != null) {
            Kitfile kitfile = kitfile(annotation.getBytes(StandardCharsets.UTF_8),
                    "manifest annotation " + KITFILE_ANNOTATION);
            return new ModelArtifact(manifestDescriptor, manifestJson, manifest, configJson, true, kitfile, false,
                    diffIds);
        }
        Kitfile generated = KitfileGenerator.fromModelPack(manifest, diffIds);
        return new ModelArtifact(manifestDescriptor, manifestJson, manifest, configJson, true, generated, true,
                diffIds);
    }

    private static Kitfile kitfile(byte[] json, String label) throws UnpackException {
        try {
            return KitfileJson.read(json, label);
        } catch (KitfileException e) {
            throw new UnpackException(e.getMessage(), e);
        }
    }

    /**
     * The config's diffIds ({@code diffIds}, or {@code diff_ids} of model-spec ≤ 0.0.6). A config that cannot be read
     * only warns, as kit does: the layers can still be unpacked and verified by their digests.
     */
    private List<Digest> modelPackDiffIds(byte[] json, Descriptor config) {
        try {
            JsonNode root = OciJsonReader.tree(json, "ModelPack config " + config.digest());
            JsonNode fs = root.path("modelfs");
            JsonNode ids = fs.has("diffIds") ? fs.get("diffIds") : fs.get("diff_ids");
            if (ids == null || !ids.isArray()) {
                log.warn("ModelPack config " + config.digest() + " has no modelfs.diffIds; layers are checked by"
                        + " their digests only");
                return null;
            }
            List<Digest> out = new ArrayList<>();
            for (JsonNode id : ids) {
                out.add(Digest.parse(id.asText()));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ModelPack config " + config.digest() + " is unreadable (" + e.getMessage()
                    + "); layers are checked by their digests only");
            return null;
        }
    }
}
