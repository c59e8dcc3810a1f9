package dev.modelkit.init;

import java.util.Locale;
import java.util.Set;

/** What {@code kit init} makes of a file, by name; checked in kit's order: prompt, model, metadata, docs, dataset. */
enum FileKind {
    PROMPT, MODEL, METADATA, DOCS, DATASET, UNKNOWN;

    private static final Set<String> PROMPT_NAMES = Set.of("agents.md", "skill.md", "claude.md");
    private static final Set<String> MODEL_EXTENSIONS = Set.of("safetensors", "pkl", "joblib", "pth", "pt", "mar",
            "pt2", "ptl", "pb", "ckpt", "tflite", "tfrecords", "npy", "npz", "keras", "h5", "caffemodel", "pmml",
            "coreml", "gguf", "ggml", "ggmf", "llamafile", "onnx");
    private static final Set<String> METADATA_EXTENSIONS = Set.of("json", "yaml", "xml", "txt");
    private static final Set<String> DOCS_EXTENSIONS = Set.of("md", "adoc", "html", "pdf");
    private static final Set<String> DATASET_EXTENSIONS = Set.of("tar", "zip", "parquet", "csv");

    static FileKind of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String ext = extension(lower);
        if (PROMPT_NAMES.contains(lower) || lower.contains(".prompt")) {
            return PROMPT;
        }
        // Newest kit: .bin only as a PyTorch checkpoint name; other .bin files are too ambiguous to call weights.
        if (MODEL_EXTENSIONS.contains(ext) || (ext.equals("bin") && lower.contains("pytorch_model"))) {
            return MODEL;
        }
        if (METADATA_EXTENSIONS.contains(ext)) {
            return METADATA;
        }
        if (DOCS_EXTENSIONS.contains(ext)) {
            return DOCS;
        }
        return DATASET_EXTENSIONS.contains(ext) ? DATASET : UNKNOWN;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }

    /** The name without its last extension: kit's model name for {@code test-model.npy} is {@code test-model}. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
