package dev.modelkit.kitfile;

/** What a layer holds, with the word kit puts in its media type ({@code application/vnd.kitops.modelkit.<word>.v1.tar}). */
public enum LayerKind {
    MODEL("model"),
    MODEL_PART("modelpart"),
    CODE("code"),
    DATASET("dataset"),
    DOCS("docs"),
    /** kit has no prompt media type: prompts are code layers marked by an annotation. */
    PROMPT("code");

    private final String mediaTypeWord;

    LayerKind(String mediaTypeWord) {
        this.mediaTypeWord = mediaTypeWord;
    }

    public String mediaTypeWord() {
        return mediaTypeWord;
    }
}
