package dev.modelkit.kitfile;

/** One entry of {@code docs}. */
public record Doc(String path, String description, LayerInfo layerInfo) {

    Doc withLayerInfo(LayerInfo info) {
        return new Doc(path, description, info);
    }
}
