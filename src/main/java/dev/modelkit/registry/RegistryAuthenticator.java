package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.BuildLog;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers a registry's 401: with HTTP basic credentials for a {@code Basic} challenge, or with a bearer token from
 * the challenge's realm for a {@code Bearer} one (the docker token flow: GET with basic credentials, or POST an
 * identity token as an OAuth2 refresh token; anonymous when there are no credentials). One instance serves one
 * registry and a fixed set of scopes, so one token covers every request of a push or pull.
 */
final class RegistryAuthenticator {

    private static final String CLIENT_ID = "modelkit-maven-plugin";

    private final String registry;
    private final CredentialSource credentials;
    private final TransportSettings settings;
    private final Set<String> scopes;
    private final BuildLog log;
    private final Object lock = new Object();
    private Optional<Credentials> resolved;
    private String authorization;
    private boolean warnedPlainHttp;

    RegistryAuthenticator(String registry, CredentialSource credentials, TransportSettings settings,
                          Set<String> scopes, BuildLog log) {
        this.registry = registry;
        this.credentials = credentials;
        this.settings = settings;
        this.scopes = new TreeSet<>(scopes);
        this.log = log;
    }

    /** The Authorization header for a request to the registry, or null (none yet, or not allowed over HTTP). */
    String authorization(URI target) {
        synchronized (lock) {
            if (authorization == null || !Loopback.mayCarryCredentials(target, settings)) {
                return null;
            }
            return authorization;
        }
    }

    /**
     * Handles a 401. Returns true when a new Authorization is ready and the request should be sent again.
     *
     * @param failedWith the Authorization that got the 401 (null for none): if another thread already replaced it,
     *                   the request is simply retried with the new one
     */
    boolean onUnauthorized(HttpResponse<?> response, String failedWith, HttpClient http) throws IOException {
        synchronized (lock) {
            if (authorization != null && !authorization.equals(failedWith)) {
                return true;
            }
            if (failedWith != null && !failedWith.startsWith("Bearer ")) {
                // Our own basic credentials were refused: asking again with the same ones cannot help. A bearer
                // token may simply have expired during a long push (Docker Hub's last 300 s): get a new one; the
                // caller re-authenticates only once per request, so a real refusal still ends there.
                return false;
            }
            Optional<AuthChallenge> challenge =
                    AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
            if (challenge.isEmpty()) {
                return false;
            }
            URI registryUri = response.request().uri();
            boolean allowed = Loopback.mayCarryCredentials(registryUri, settings);
            Optional<Credentials> creds = allowed ? credentials() : Optional.empty();
            if (!allowed && !warnedPlainHttp && credentials().isPresent()) {
                warnedPlainHttp = true;
                log.warn("Not sending credentials for " + registry + " over plain HTTP (not a loopback address); "
                        + "set modelkit.sendCredentialsOverHttp=true to allow it");
            }
            switch (challenge.get().scheme()) {
                case "basic" -> {
                    if (creds.isEmpty() || creds.get().isIdentityToken()) {
                        return false;
                    }
                    authorization = basic(creds.get());
                    return true;
                }
                case "bearer" -> {
                    authorization = "Bearer " + token(challenge.get(), creds, http);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /** Whether any credentials were found for the registry (for error messages: "no credentials" vs "refused"). */
    boolean hasCredentials() throws IOException {
        synchronized (lock) {
            return credentials().isPresent();
        }
    }

    private Optional<Credentials> credentials() throws IOException {
        if (resolved == null) {
            if (credentials instanceof CredentialChain chain) {
                Optional<CredentialChain.Found> found = chain.resolve(registry);
                found.ifPresent(f -> log.info("Using credentials for " + registry + " from " + f.source()));
                resolved = found.map(CredentialChain.Found::credentials);
            } else {
                resolved = credentials.credentialsFor(registry);
                resolved.ifPresent(c -> log.info("Using credentials for " + registry + " from "
                        + credentials.description()));
            }
        }
        return resolved;
    }

    private String token(AuthChallenge challenge, Optional<Credentials> creds, HttpClient http) throws IOException {
        String realm = challenge.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException(registry + " asked for a bearer token but named no realm", 401, null);
        }
        URI realmUri = URI.create(realm);
        if (creds.isPresent() && !Loopback.mayCarryCredentials(realmUri, settings)) {
            log.warn("Not sending credentials to the token service " + realmUri.getHost()
                    + " over plain HTTP; set modelkit.sendCredentialsOverHttp=true to allow it");
            creds = Optional.empty();
        }
        TreeSet<String> wanted = new TreeSet<>(scopes);
        if (challenge.param("scope") != null && !challenge.param("scope").isBlank()) {
            wanted.add(challenge.param("scope"));
        }
        String service = challenge.param("service");
        HttpRequest.Builder request;
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=").append(CLIENT_ID)
                    .append("&refresh_token=").append(enc(creds.get().secret()));
            if (service != null) {
                form.append("&service=").append(enc(service));
            }
            form.append("&scope=").append(enc(String.join(" ", wanted)));
            request = HttpRequest.newBuilder(realmUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        } else {
            StringBuilder query = new StringBuilder();
            if (service != null) {
                query.append("service=").append(enc(service));
            }
            for (String s : wanted) {
                query.append(query.length() == 0 ? "" : "&").append("scope=").append(enc(s));
            }
            if (creds.isPresent()) {
                query.append("&account=").append(enc(creds.get().username()));
            }
            String sep = realm.contains("?") ? "&" : "?";
            request = HttpRequest.newBuilder(URI.create(realm + (query.length() == 0 ? "" : sep + query))).GET();
            creds.ifPresent(c -> request.header("Authorization", basic(c)));
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.timeout(settings.timeout()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking " + realmUri.getHost() + " for a token");
        }
        if (answer.statusCode() != 200) {
            RegistryErrors.Answer a = RegistryErrors.parse(answer.body());
            throw new RegistryException("The token service " + realmUri.getHost() + " of " + registry
                    + " refused a token for " + String.join(" ", wanted) + " ("
                    + (creds.isPresent() ? "with credentials" : "anonymously") + "): "
                    + a.describe(answer.statusCode()), answer.statusCode(), a.code());
        }
        JsonNode json = new ObjectMapper().readTree(answer.body());
        String token = json.path("token").asText("");
        if (token.isEmpty()) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new RegistryException("The token service " + realmUri.getHost() + " answered without a token",
                    200, null);
        }
        return token;
    }

    private static String basic(Credentials c) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
