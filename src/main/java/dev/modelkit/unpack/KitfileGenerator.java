package dev.modelkit.unpack;

import dev.modelkit.kitfile.CodeEntry;
import dev.modelkit.kitfile.Dataset;
import dev.modelkit.kitfile.Doc;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.LayerInfo;
import dev.modelkit.kitfile.Model;
import dev.modelkit.kitfile.ModelPart;
import dev.modelkit.kitfile.PackageInfo;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.Manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a Kitfile for a ModelPack that carries none (one from modctl, say), as kit does: the first {@code weight}
 * layer is the model, later weights and all {@code weight.config} layers are parts in manifest order, code, dataset
 * and doc layers map to their sections. Paths come from the filepath annotation; LayerInfo from the descriptor and the
 * config's diffIds.
 */
final class KitfileGenerator {

    private KitfileGenerator() {
    }

    static Kitfile fromModelPack(Manifest manifest, List<Digest> diffIds) throws UnpackException {
        List<Descriptor> layers = manifest.layers();
        if (diffIds != null && diffIds.size() != layers.size()) {
            throw new UnpackException("invalid ModelPack config: number of layers (" + layers.size()
                    + ") does not match diffIds (" + diffIds.size() + ")");
        }
        String modelPath = null;
        LayerInfo modelInfo = null;
        List<ModelPart> parts = new ArrayList<>();
        List<CodeEntry> code = new ArrayList<>();
        List<Dataset> datasets = new ArrayList<>();
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            String path = LayerAnnotations.filePath(d);
            if (path == null) {
                throw new UnpackException("unknown file path for layer " + i + " (" + d.digest()
                        + "): a ModelPack without a Kitfile needs the org.cncf.model.filepath annotation on every layer");
            }
            LayerType type = LayerType.parse(d.mediaType()).orElse(null);
            if (type == null) {
                throw new UnpackException("layer " + i + " (" + d.digest() + ") has media type " + d.mediaType()
                        + ", which is not a ModelPack layer type");
            }
            LayerInfo info = new LayerInfo(d.digest().toString(), diffIds == null ? null : diffIds.get(i).toString());
            switch (type.role()) {
                case MODEL -> {
                    if (type.weight() && modelPath == null) {
                        modelPath = path;
                        modelInfo = info;
                    } else {
                        parts.add(new ModelPart(null, path, null, null, info));
                    }
                }
                case MODEL_PART -> parts.add(new ModelPart(null, path, null, null, info));
                case CODE -> code.add(new CodeEntry(path, null, null, info));
                case DATASET -> datasets.add(new Dataset(null, path, null, null, null, null, null, info));
                case DOCS -> docs.add(new Doc(path, null, info));
                default -> throw new UnpackException("layer " + i + " (" + d.mediaType() + ") has no Kitfile section");
            }
        }
        Model model = modelPath == null && parts.isEmpty() ? null
                : new Model(null, modelPath, null, null, null, null, null, parts.isEmpty() ? null : parts, null,
                modelInfo);
        return new Kitfile("1.0.0", PackageInfo.EMPTY, model, code.isEmpty() ? null : code,
                datasets.isEmpty() ? null : datasets, docs.isEmpty() ? null : docs, null);
    }
}
