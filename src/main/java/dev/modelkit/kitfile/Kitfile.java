package dev.modelkit.kitfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kitfile: the description of a ModelKit (reference §1). Absent fields are null; lists are null or unmodifiable.
 * {@code pkg} is the YAML {@code package} section (a Java keyword), never null.
 */
public record Kitfile(String manifestVersion, PackageInfo pkg, Model model, List<CodeEntry> code,
        List<Dataset> datasets, List<Doc> docs, List<Prompt> prompts) {

    public Kitfile {
        pkg = pkg == null ? PackageInfo.EMPTY : pkg;
        code = code == null ? null : List.copyOf(code);
        datasets = datasets == null ? null : List.copyOf(datasets);
        docs = docs == null ? null : List.copyOf(docs);
        prompts = prompts == null ? null : List.copyOf(prompts);
    }

    /**
     * The elements that become layers, in kit's manifest order: the model (only when it has a non-empty path that
     * is not a ModelKit reference, as kit does), its parts, code, datasets without a remotePath, docs, prompts.
     */
    public List<LayerElement> layerElements() {
        List<LayerElement> out = new ArrayList<>();
        if (model != null) {
            if (hasLocalModelLayer(model)) {
                out.add(element(LayerKind.MODEL, 0, model.path(), ElementLabels.MODEL));
            }
            List<ModelPart> parts = orEmpty(model.parts());
            for (int i = 0; i < parts.size(); i++) {
                out.add(element(LayerKind.MODEL_PART, i, parts.get(i).path(), ElementLabels.part(i)));
            }
        }
        List<CodeEntry> codeList = orEmpty(code);
        for (int i = 0; i < codeList.size(); i++) {
            out.add(element(LayerKind.CODE, i, codeList.get(i).path(), ElementLabels.code(i)));
        }
        List<Dataset> dataList = orEmpty(datasets);
        for (int i = 0; i < dataList.size(); i++) {
            if (!dataList.get(i).isRemote()) {
                out.add(element(LayerKind.DATASET, i, dataList.get(i).path(), ElementLabels.dataset(i)));
            }
        }
        List<Doc> docList = orEmpty(docs);
        for (int i = 0; i < docList.size(); i++) {
            out.add(element(LayerKind.DOCS, i, docList.get(i).path(), ElementLabels.docs(i)));
        }
        List<Prompt> promptList = orEmpty(prompts);
        for (int i = 0; i < promptList.size(); i++) {
            out.add(element(LayerKind.PROMPT, i, promptList.get(i).path(), ElementLabels.prompt(i)));
        }
        return List.copyOf(out);
    }

    /**
     * A copy where the i-th element of {@link #layerElements()} carries {@code infos.get(i)}, as kit writes the
     * config after packing.
     *
     * @throws IllegalArgumentException when the count differs from the number of layer elements
     */
    public Kitfile withLayerInfo(List<LayerInfo> infos) {
        List<LayerElement> elements = layerElements();
        if (infos.size() != elements.size()) {
            throw new IllegalArgumentException(
                    "expected " + elements.size() + " layer infos for this Kitfile but got " + infos.size());
        }
        Model newModel = model;
        List<ModelPart> newParts = model == null || model.parts() == null ? null : new ArrayList<>(model.parts());
        List<CodeEntry> newCode = copy(code);
        List<Dataset> newDatasets = copy(datasets);
        List<Doc> newDocs = copy(docs);
        List<Prompt> newPrompts = copy(prompts);
        for (int i = 0; i < elements.size(); i++) {
            LayerElement e = elements.get(i);
            LayerInfo info = infos.get(i);
            int k = e.index();
            switch (e.kind()) {
                case MODEL -> newModel = newModel.withLayerInfo(info);
                case MODEL_PART -> newParts.set(k, newParts.get(k).withLayerInfo(info));
                case CODE -> newCode.set(k, newCode.get(k).withLayerInfo(info));
                case DATASET -> newDatasets.set(k, newDatasets.get(k).withLayerInfo(info));
                case DOCS -> newDocs.set(k, newDocs.get(k).withLayerInfo(info));
                case PROMPT -> newPrompts.set(k, newPrompts.get(k).withLayerInfo(info));
                default -> throw new IllegalStateException("unknown layer kind " + e.kind());
            }
        }
        if (newModel != null && newParts != null) {
            newModel = newModel.withParts(newParts);
        }
        return new Kitfile(manifestVersion, pkg, newModel, newCode, newDatasets, newDocs, newPrompts);
    }

    /** A copy whose package takes each field that is empty here from {@code defaults} (e.g. POM metadata). */
    public Kitfile withPackageDefaults(PackageInfo defaults) {
        return new Kitfile(manifestVersion, pkg.withDefaults(defaults), model, code, datasets, docs, prompts);
    }

    static boolean hasLocalModelLayer(Model model) {
        return !Strings.isEmpty(model.path()) && !ModelKitReference.looksLikeReference(model.path());
    }

    private static LayerElement element(LayerKind kind, int index, String path, String label) {
        return new LayerElement(kind, index, Strings.orEmpty(path), KitPaths.clean(path), label);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : new ArrayList<>(list);
    }
}
