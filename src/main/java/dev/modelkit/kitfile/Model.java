package dev.modelkit.kitfile;

import java.util.List;

/**
 * The Kitfile's {@code model}. {@code path} is either a path in the context directory or a ModelKit reference (a
 * parent model). {@code parts} is null or an unmodifiable list.
 */
public record Model(String name, String path, String license, String framework, String format, String version,
        String description, List<ModelPart> parts, Parameters parameters, LayerInfo layerInfo) {

    public Model {
        parts = parts == null ? null : List.copyOf(parts);
    }

    Model withLayerInfo(LayerInfo info) {
        return new Model(name, path, license, framework, format, version, description, parts, parameters, info);
    }

    Model withParts(List<ModelPart> newParts) {
        return new Model(name, path, license, framework, format, version, description, newParts, parameters,
                layerInfo);
    }
}
