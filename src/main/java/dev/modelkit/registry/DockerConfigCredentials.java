package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a docker-format config file: docker's {@code config.json} or kit's {@code credentials.json}
 * (kit writes the same format). Inside one file: a per-registry {@code credHelpers} entry first, then the
 * {@code credsStore} helper, then the {@code auths} entry (base64 {@code auth} or an {@code identitytoken}), as
 * Jib reads them. A missing file simply has no credentials.
 */
public final class DockerConfigCredentials implements CredentialSource {

    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private final Path file;
    private final Map<String, String> environment;

    public DockerConfigCredentials(Path file, Map<String, String> environment) {
        this.file = file;
        this.environment = Map.copyOf(environment);
    }

    public Path file() {
        return file;
    }

    @Override
    public String description() {
        return file.toString();
    }

    @Override
    public Optional<Credentials> credentialsFor(String registry) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        if (config == null || !config.isObject()) {
            return Optional.empty();
        }
        String key = normalize(registry);
        Optional<String> helper = matching(config.path("credHelpers"), key).map(JsonNode::asText);
        if (helper.isPresent()) {
            return new CredentialHelper(helper.get(), environment).get(serverUrl(registry));
        }
        String store = config.path("credsStore").asText("");
        if (!store.isEmpty()) {
            Optional<Credentials> stored = new CredentialHelper(store, environment).get(serverUrl(registry));
            if (stored.isPresent()) {
                return stored;
            }
        }
        return matching(config.path("auths"), key).flatMap(this::fromAuthEntry);
    }

    private Optional<Credentials> fromAuthEntry(JsonNode entry) {
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(identityToken));
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        return user.isEmpty() || password.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, password));
    }

    private static Optional<JsonNode> matching(JsonNode section, String key) {
        if (!section.isObject()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (normalize(e.getKey()).equals(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Config keys may be URLs ({@code https://host/v1/}); Docker Hub has several names for one registry. */
    static String normalize(String registryOrUrl) {
        String s = registryOrUrl.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return switch (s) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
            default -> s;
        };
    }

    /** What docker passes to helpers: Docker Hub's legacy URL, else the registry host[:port]. */
    static String serverUrl(String registry) {
        return normalize(registry).equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_SERVER : registry;
    }
}
