package dev.modelkit.registry;

import dev.modelkit.oci.Digest;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registry reference {@code [registry/]repository[:tag][@sha256:...]}, resolved with Docker's and kit's rules: the
 * first path component is a registry when it holds a {@code .} or {@code :} or is {@code localhost}; otherwise the
 * registry is Docker Hub and a one-component repository gets the {@code library/} prefix.
 *
 * @param registry   the registry as written ({@code docker.io} for Docker Hub), host with optional port
 * @param repository the repository path, lowercase
 * @param tag        the tag, or null
 * @param digest     the manifest digest, or null; when both are given the digest wins for fetching
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository name '" + repository
                    + "': lowercase letters, digits and . _ - separators, components joined by /");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag + "': letters, digits, _ . -, at most 128");
        }
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest: " + registry + "/" + repository);
        }
    }

    /** Parses a full reference; a reference without tag or digest gets {@code latest}, as docker and kit do. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank() || !text.equals(text.trim())) {
            throw new IllegalArgumentException("invalid reference '" + text + "'");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0 && isRegistryComponent(rest.substring(0, slash))) {
            registry = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** Docker's rule: the first component names a registry when it looks like a host. */
    public static boolean isRegistryComponent(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /** The host[:port] the distribution API is served from ({@code registry-1.docker.io} for Docker Hub). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) || registry.equals("index.docker.io") ? DOCKER_HUB_API : registry;
    }

    /** The host without a port, lowercase: what settings.xml ids and docker config keys fall back to. */
    public String hostWithoutPort() {
        String r = registry.toLowerCase(Locale.ROOT);
        if (r.startsWith("[")) {
            return r.substring(0, r.indexOf(']') + 1);
        }
        int colon = r.lastIndexOf(':');
        return colon < 0 ? r : r.substring(0, colon);
    }

    /** What the manifest is fetched by: the digest when known, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
