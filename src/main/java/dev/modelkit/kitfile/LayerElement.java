package dev.modelkit.kitfile;

/**
 * One Kitfile element that becomes a layer.
 *
 * @param kind        what the layer holds
 * @param index       position within its own list (0 for the model)
 * @param path        the path as written in the Kitfile (stored like that in the config)
 * @param cleanedPath the path after Go's path.Clean, "." for an empty path (used for selection and annotations)
 * @param label       how problems name the element, e.g. "dataset layer 0" or "model.parts[1]"
 */
public record LayerElement(LayerKind kind, int index, String path, String cleanedPath, String label) {
}
