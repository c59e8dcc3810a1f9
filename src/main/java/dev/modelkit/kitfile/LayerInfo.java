package dev.modelkit.kitfile;

/**
 * The digest and diffId of the layer built for one Kitfile element. kit stores them only in the config blob, never
 * in a Kitfile on disk. Both are "sha256:&lt;hex&gt;" strings; either may be null (not known yet).
 */
public record LayerInfo(String digest, String diffId) {

    /** True when neither value is set, so the config JSON carries no trace of it. */
    public boolean isEmpty() {
        return Strings.isEmpty(digest) && Strings.isEmpty(diffId);
    }
}
