package dev.modelkit.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A ModelKit reference in the local store, with kit's rules (reference §6): the registry defaults to
 * {@code localhost}; the first path segment is a registry only if it holds a {@code .} or {@code :}; repositories are
 * lowercase and start and end alphanumeric; tags are {@code [A-Za-z0-9_.-]}, at most 128, not starting with
 * {@code .} or {@code -}.
 *
 * @param registry   e.g. {@code localhost} or {@code registry.example.com}
 * @param repository e.g. {@code team/parts}
 * @param tag        the tag, or null for a digest reference or none
 * @param digest     {@code sha256:...} for {@code repo@sha256:...}, else null
 */
public record StoreReference(String registry, String repository, String tag, String digest) {

    public static final String DEFAULT_REGISTRY = "localhost";

    // The OCI distribution spec's repository name grammar, which ORAS (and so kit) enforces.
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]+)?|\\[[0-9A-Fa-f:.]+](:[0-9]+)?");

    public StoreReference {
        if (registry == null || !REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("invalid registry '" + registry + "'");
        }
        // "_" is kit's own name for untagged ModelKits (localhost/_), valid only as that.
        if (repository == null || !(REPOSITORY.matcher(repository).matches() || "_".equals(repository))) {
            throw new IllegalArgumentException("invalid repository '" + repository
                    + "': use lowercase letters, digits and separators (. _ __ - /), starting and ending"
                    + " with a letter or digit");
        }
        if (tag != null) {
            checkTag(tag);
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("invalid digest '" + digest + "'");
        }
    }

    /** A tagged reference; {@code registry} may be null or blank for {@code localhost}. */
    public static StoreReference of(String registry, String repository, String tag) {
        return new StoreReference(registry == null || registry.isBlank() ? DEFAULT_REGISTRY : registry.trim(),
                repository == null ? null : repository.trim(), tag, null);
    }

    /** Throws when {@code tag} breaks kit's tag rules. */
    public static void checkTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag
                    + "': use at most 128 of A-Z a-z 0-9 _ . -, not starting with . or -");
        }
    }

    /**
     * Parses {@code [registry/]repository[:tag[,tag...]]} or {@code repository@sha256:...} as {@code kit} does; extra
     * comma-separated tags become further references. A bare {@code sha256:...} is kit's untagged {@code localhost/_}.
     */
    public static List<StoreReference> parse(String text) {
        if (DIGEST.matcher(text).matches()) {
            return List.of(new StoreReference(DEFAULT_REGISTRY, "_", null, text));
        }
        String registry = DEFAULT_REGISTRY;
        String rest = text;
        int slash = text.indexOf('/');
        if (slash > 0) {
            String first = text.substring(0, slash);
            if (first.contains(".") || first.contains(":")) {
                registry = first;
                rest = text.substring(slash + 1);
            }
        }
        String[] refAndTags = rest.split(",", -1);
        String base = refAndTags[0];
        int at = base.indexOf('@');
        if (at >= 0) {
            if (refAndTags.length > 1) {
                throw new IllegalArgumentException("extra tags are not allowed with a digest: " + text);
            }
            return List.of(new StoreReference(registry, base.substring(0, at), null, base.substring(at + 1)));
        }
        int colon = base.lastIndexOf(':');
        String repository = colon >= 0 ? base.substring(0, colon) : base;
        List<StoreReference> out = new ArrayList<>();
        out.add(new StoreReference(registry, repository, colon >= 0 ? base.substring(colon + 1) : null, null));
        for (int i = 1; i < refAndTags.length; i++) {
            out.add(new StoreReference(registry, repository, refAndTags[i], null));
        }
        return List.copyOf(out);
    }

    /** {@code registry/repository}: the key kit files a repository's index and tags under. */
    public String repositoryKey() {
        return registry + "/" + repository;
    }

    /** The name stem of this repository's store files: URL-safe base64 with padding of the key. */
    public String fileStem() {
        return fileStem(repositoryKey());
    }

    static String fileStem(String repositoryKey) {
        return Base64.getUrlEncoder().encodeToString(repositoryKey.getBytes(StandardCharsets.UTF_8));
    }

    /** How kit shows a repository: without the default registry, and untagged {@code _} as empty. */
    public static String display(String repositoryKey) {
        String prefix = DEFAULT_REGISTRY + "/";
        String shown = repositoryKey.startsWith(prefix) ? repositoryKey.substring(prefix.length()) : repositoryKey;
        return "_".equals(shown) ? "" : shown;
    }

    @Override
    public String toString() {
        String name = display(repositoryKey());
        if (digest != null) {
            return name + "@" + digest;
        }
        return tag == null ? name : name + ":" + tag;
    }
}
