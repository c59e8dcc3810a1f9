package dev.modelkit.kitfile;

/** One entry of {@code code}. Code entries have no name in kit's schema. */
public record CodeEntry(String path, String description, String license, LayerInfo layerInfo) {

    CodeEntry withLayerInfo(LayerInfo info) {
        return new CodeEntry(path, description, license, info);
    }
}
