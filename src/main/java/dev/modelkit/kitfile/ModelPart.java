package dev.modelkit.kitfile;

/** One entry of {@code model.parts}: extra files that belong to the model (adapters, tokenizers, configs). */
public record ModelPart(String name, String path, String license, String type, LayerInfo layerInfo) {

    ModelPart withLayerInfo(LayerInfo info) {
        return new ModelPart(name, path, license, type, info);
    }
}
