package dev.modelkit.pack;

import dev.modelkit.kitfile.LayerElement;
import dev.modelkit.kitfile.LayerKind;
import dev.modelkit.layer.Compression;
import dev.modelkit.oci.MediaTypes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which media type a Kitfile element's layer gets. ModelKit: kit's {@code <type>.v1.<tar|raw>[+comp]}. ModelPack:
 * model → {@code weight}; a part → {@code weight} when its own path is a weight file, else {@code weight.config}
 * (kit maps every part to {@code weight.config}, which mislabels the shards of a sharded model); datasets →
 * {@code dataset}; code and prompts → {@code code}; docs → {@code doc}.
 */
final class LayerTypes {

    /** The model-weight file name endings kit's {@code init} recognises (plus {@code .bin}, as kit 1.7 did). */
    static final Set<String> WEIGHT_EXTENSIONS = Set.of(".safetensors", ".pkl", ".joblib", ".pth", ".pt", ".mar",
            ".pt2", ".ptl", ".pb", ".ckpt", ".tflite", ".tfrecords", ".npy", ".npz", ".keras", ".h5", ".caffemodel",
            ".pmml", ".coreml", ".gguf", ".ggml", ".ggmf", ".llamafile", ".onnx", ".bin");

    private LayerTypes() {
    }

    static String mediaType(ArtifactFormat format, LayerElement element, Path contextDirectory,
                            LayerFormat layerFormat, Compression compression) {
        String word = layerFormat.mediaTypeWord();
        if (format == ArtifactFormat.MODELKIT) {
            return MediaTypes.modelKitLayer(element.kind().mediaTypeWord(), word, compression.mediaTypeSuffix());
        }
        return MediaTypes.modelPackLayer(modelPackKind(element, contextDirectory), word, compression.mediaTypeSuffix());
    }

    static String modelPackKind(LayerElement element, Path contextDirectory) {
        return switch (element.kind()) {
            case MODEL -> "weight";
            case MODEL_PART -> isWeightFile(contextDirectory.resolve(element.cleanedPath())) ? "weight" : "weight.config";
            case DATASET -> "dataset";
            case CODE, PROMPT -> "code";
            case DOCS -> "doc";
        };
    }

    static boolean isWeightFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && WEIGHT_EXTENSIONS.contains(name.substring(dot)) && Files.isRegularFile(file);
    }

    static boolean isPrompt(LayerElement element) {
        return element.kind() == LayerKind.PROMPT;
    }
}
