package dev.modelkit.unpack;

import dev.modelkit.oci.Descriptor;

/** Layer annotations in both spellings: the model-spec's {@code org.cncf.*} and the older {@code org.cnai.*}. */
final class LayerAnnotations {

    static final String SUBTYPE = "ml.kitops.modelkit.layer-subtype";

    private LayerAnnotations() {
    }

    static String filePath(Descriptor d) {
        return first(d, "org.cncf.model.filepath", "org.cnai.model.filepath");
    }

    static String fileMetadata(Descriptor d) {
        return first(d, "org.cncf.model.file.metadata+json", "org.cnai.model.file.metadata+json",
                "org.cnai.model.file.metadata");
    }

    static boolean isPrompt(Descriptor d) {
        return "prompt".equals(d.annotations().get(SUBTYPE));
    }

    private static String first(Descriptor d, String... keys) {
        for (String k : keys) {
            String v = d.annotations().get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
