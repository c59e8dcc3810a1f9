package dev.modelkit.unpack;

import dev.modelkit.BuildLog;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.LayerElement;
import dev.modelkit.kitfile.LayerInfo;
import dev.modelkit.kitfile.LayerKind;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which manifest layers to unpack, and where, from the Kitfile and the filters (reference §5). A Kitfile with
 * LayerInfo names its layers by digest; a legacy one (kit &lt; 0.5, no LayerInfo) is paired with the layers by
 * position within each type.
 */
final class LayerPlanner {

    private final BuildLog log;

    LayerPlanner(BuildLog log) {
        this.log = log;
    }

    /** A Kitfile element with what filters and matching need. */
    record Element(LayerElement element, String filterType, String name, LayerInfo info) {
        String label() {
            return element.label() + " " + element.path();
        }
    }

    List<PlannedLayer> plan(ModelArtifact artifact, List<UnpackFilter> filters) throws UnpackException {
        List<Element> elements = elements(artifact.kitfile());
        warnAboutModelReference(artifact.kitfile(), filters);
        boolean allHaveDigests = !elements.isEmpty()
                && elements.stream().allMatch(e -> e.info() != null && e.info().digest() != null);
        List<PlannedLayer> plan = allHaveDigests || elements.isEmpty()
                ? byDigest(artifact, elements, filters)
                : byPosition(artifact, elements, filters);
        return plan;
    }

    private List<PlannedLayer> byDigest(ModelArtifact artifact, List<Element> elements, List<UnpackFilter> filters)
            throws UnpackException {
        List<Descriptor> layers = artifact.manifest().layers();
        List<Element> ordered = new ArrayList<>(elements);
        ordered.sort(Comparator.comparingInt(e -> unpackOrder(e.element().kind())));
        List<PlannedLayer> plan = new ArrayList<>();
        for (Element e : ordered) {
            if (!UnpackFilter.selects(filters, e.filterType(), e.name(), e.element().path())) {
                continue;
            }
            int index = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).digest().toString().equals(e.info().digest())) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw new UnpackException("digest " + e.info().digest() + " of " + e.label()
                        + " not found in manifest");
            }
            plan.add(planned(artifact, index, e, "."));
        }
        return plan;
    }

    /** kit's legacy.go: walk the layers in order, handing each the next unused element of its type. */
    private List<PlannedLayer> byPosition(ModelArtifact artifact, List<Element> elements, List<UnpackFilter> filters)
            throws UnpackException {
        List<Descriptor> layers = artifact.manifest().layers();
        List<PlannedLayer> plan = new ArrayList<>();
        boolean modelUsed = false;
        int[] next = new int[LayerKind.values().length];
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            LayerType type = LayerType.parse(d.mediaType()).orElse(null);
            if (type == null || type.mcp()) {
                log.warn("Skipping layer " + i + " with unknown media type " + d.mediaType());
                continue;
            }
            LayerKind kind = switch (type.role()) {
                case MODEL -> modelUsed || !has(elements, LayerKind.MODEL) ? LayerKind.MODEL_PART : LayerKind.MODEL;
                case MODEL_PART -> LayerKind.MODEL_PART;
                case CODE -> LayerAnnotations.isPrompt(d) ? LayerKind.PROMPT : LayerKind.CODE;
                case DATASET -> LayerKind.DATASET;
                case DOCS -> LayerKind.DOCS;
                default -> null;
            };
            if (type.role() == LayerType.Role.MODEL && !type.weight() && kind != LayerKind.MODEL) {
                throw new UnpackException("layer " + i + " (" + d.mediaType() + ") is a second model layer");
            }
            if (kind == LayerKind.MODEL) {
                modelUsed = true;
            }
            Element e = nth(elements, kind, next[kind.ordinal()]++);
            if (e == null) {
                throw new UnpackException("layer " + i + " (" + d.mediaType() + ", " + d.digest()
                        + ") has no matching Kitfile entry");
            }
            if (e.info() != null && e.info().digest() != null && !e.info().digest().equals(d.digest().toString())) {
                throw new UnpackException("layer " + i + " has digest " + d.digest() + " but " + e.label()
                        + " records " + e.info().digest());
            }
            if (UnpackFilter.selects(filters, e.filterType(), e.name(), e.element().path())) {
                plan.add(planned(artifact, i, e, parent(e.element().cleanedPath())));
            }
        }
        return plan;
    }

    private PlannedLayer planned(ModelArtifact artifact, int index, Element e, String baseDir)
            throws UnpackException {
        Descriptor d = artifact.manifest().layers().get(index);
        LayerType type = LayerType.parse(d.mediaType()).orElseThrow(() -> new UnpackException(
                "layer " + index + " (" + d.digest() + ", " + e.label() + ") has media type " + d.mediaType()
                        + ", which is not a ModelKit or ModelPack layer type"));
        Digest kitfileDiffId = e.info() == null || e.info().diffId() == null ? null : parseDigest(e.info().diffId(), e);
        Digest configDiffId = artifact.configDiffIds() == null || index >= artifact.configDiffIds().size()
                ? null : artifact.configDiffIds().get(index);
        return new PlannedLayer(index, d, type, "layer " + index + " (" + e.label() + ")", baseDir, kitfileDiffId,
                configDiffId);
    }

    private static Digest parseDigest(String text, Element e) throws UnpackException {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException ex) {
            throw new UnpackException(e.label() + " has an invalid diffId: " + text);
        }
    }

    private void warnAboutModelReference(Kitfile kitfile, List<UnpackFilter> filters) {
        if (kitfile.model() == null || kitfile.model().path() == null || kitfile.model().path().isEmpty()) {
            return;
        }
        boolean modelLayer = kitfile.layerElements().stream().anyMatch(e -> e.kind() == LayerKind.MODEL);
        if (!modelLayer && UnpackFilter.selects(filters, "model", kitfile.model().name(), kitfile.model().path())) {
            log.warn("model.path " + kitfile.model().path() + " refers to another ModelKit; it is not unpacked"
                    + " (references come with registry support)");
        }
    }

    static List<Element> elements(Kitfile k) {
        List<Element> out = new ArrayList<>();
        for (LayerElement e : k.layerElements()) {
            int i = e.index();
            out.add(switch (e.kind()) {
                case MODEL -> new Element(e, "model", k.model().name(), k.model().layerInfo());
                case MODEL_PART -> new Element(e, "model", k.model().parts().get(i).name(),
                        k.model().parts().get(i).layerInfo());
                case CODE -> new Element(e, "code", null, k.code().get(i).layerInfo());
                case DATASET -> new Element(e, "datasets", k.datasets().get(i).name(),
                        k.datasets().get(i).layerInfo());
                case DOCS -> new Element(e, "docs", null, k.docs().get(i).layerInfo());
                case PROMPT -> new Element(e, "prompts", k.prompts().get(i).name(), k.prompts().get(i).layerInfo());
            });
        }
        return out;
    }

    /** kit unpacks model, parts, datasets, code, docs, prompts in this order. */
    private static int unpackOrder(LayerKind kind) {
        return switch (kind) {
            case MODEL -> 0;
            case MODEL_PART -> 1;
            case DATASET -> 2;
            case CODE -> 3;
            case DOCS -> 4;
            case PROMPT -> 5;
        };
    }

    private static boolean has(List<Element> elements, LayerKind kind) {
        return elements.stream().anyMatch(e -> e.element().kind() == kind);
    }

    private static Element nth(List<Element> elements, LayerKind kind, int n) {
        List<Element> ofKind = elements.stream().filter(e -> e.element().kind() == kind).toList();
        return n < ofKind.size() ? ofKind.get(n) : null;
    }

    private static String parent(String cleaned) {
        int slash = cleaned.lastIndexOf('/');
        return slash < 0 ? "." : cleaned.substring(0, slash);
    }

}
