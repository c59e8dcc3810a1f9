package dev.modelkit.oci;

/** Media types written or recognised. Strings are exact: registries and kit compare them byte for byte. */
public final class MediaTypes {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    public static final String MODELKIT_ARTIFACT = "application/vnd.kitops.modelkit.manifest.v1+json";
    public static final String MODELKIT_CONFIG = "application/vnd.kitops.modelkit.config.v1+json";
    private static final String MODELKIT_LAYER_PREFIX = "application/vnd.kitops.modelkit.";

    public static final String MODELPACK_ARTIFACT = "application/vnd.cncf.model.manifest.v1+json";
    public static final String MODELPACK_CONFIG = "application/vnd.cncf.model.config.v1+json";
    private static final String MODELPACK_LAYER_PREFIX = "application/vnd.cncf.model.";

    private MediaTypes() {
    }

    /** {@code application/vnd.kitops.modelkit.<type>.v1.<format><suffix>}, e.g. {@code ...model.v1.tar+gzip}. */
    public static String modelKitLayer(String type, String format, String compressionSuffix) {
        return MODELKIT_LAYER_PREFIX + type + ".v1." + format + compressionSuffix;
    }

    /** {@code application/vnd.cncf.model.<type>.v1.<format><suffix>}, e.g. {@code ...weight.v1.tar}. */
    public static String modelPackLayer(String type, String format, String compressionSuffix) {
        return MODELPACK_LAYER_PREFIX + type + ".v1." + format + compressionSuffix;
    }
}
