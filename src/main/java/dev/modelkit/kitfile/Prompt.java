package dev.modelkit.kitfile;

/** One entry of {@code prompts}; kit stores prompts as code layers with a "prompt" subtype annotation. */
public record Prompt(String name, String path, String description, LayerInfo layerInfo) {

    Prompt withLayerInfo(LayerInfo info) {
        return new Prompt(name, path, description, info);
    }
}
