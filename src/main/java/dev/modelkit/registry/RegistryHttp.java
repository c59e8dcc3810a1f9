package dev.modelkit.registry;

import dev.modelkit.BuildLog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sends requests to one registry: adds the Authorization header (and answers a 401 once through
 * {@link RegistryAuthenticator}), retries with exponential backoff on 429 (honouring {@code Retry-After}), 5xx and
 * dropped connections for requests marked retryable, and never follows redirects by itself so that credentials are
 * not handed to another host (blob downloads follow them without the header, see {@link #streamFollowingRedirects}).
 */
final class RegistryHttp {

    /** One request: what {@link #exchange} needs to build it again for each try. */
    record Call(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body,
                boolean retryable, String what) {

        static Call get(URI uri, Map<String, String> headers, String what) {
            return new Call("GET", uri, headers, null, true, what);
        }

        static Call head(URI uri, Map<String, String> headers, String what) {
            return new Call("HEAD", uri, headers, null, true, what);
        }
    }

    private final String registry;
    private final URI base;
    private final HttpClient client;
    private final TransportSettings settings;
    private final RegistryAuthenticator auth;
    private final BuildLog log;

    RegistryHttp(String registry, String apiHost, TransportSettings settings, CredentialSource credentials,
                 Set<String> scopes, BuildLog log) throws IOException {
        this.registry = registry;
        this.base = URI.create(settings.scheme() + "://" + apiHost);
        this.settings = settings;
        this.log = log;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout());
        if (!settings.plainHttp()) {
            b.sslContext(TlsContexts.create(settings));
        }
        this.client = b.build();
        this.auth = new RegistryAuthenticator(registry, credentials, settings, scopes, log);
    }

    String registry() {
        return registry;
    }

    RetryPolicy retry() {
        return settings.retry();
    }

    BuildLog log() {
        return log;
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    HttpResponse<byte[]> send(Call call) throws IOException {
        return exchange(call, HttpResponse.BodyHandlers.ofByteArray());
    }

    <T> HttpResponse<T> exchange(Call call, HttpResponse.BodyHandler<T> handler) throws IOException {
        int attempt = 0;
        boolean reauthenticated = false;
        while (true) {
            attempt++;
            String authorization = sameOrigin(call.uri()) ? auth.authorization(call.uri()) : null;
            HttpResponse<T> response;
            try {
                response = client.send(request(call, authorization), handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted: " + call.what());
            } catch (IOException e) {
                if (!call.retryable() || attempt >= settings.retry().maxAttempts()) {
                    throw new RegistryException(call.what() + ": the connection to " + registry + " failed after "
                            + attempt + (attempt == 1 ? " try: " : " tries: ") + describe(e), 0, null, e);
                }
                Duration wait = settings.retry().backoff(attempt);
                log.info(call.what() + ": connection to " + registry + " failed (" + describe(e) + "), retrying in "
                        + wait.toMillis() + " ms");
                sleep(wait);
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && !reauthenticated && sameOrigin(call.uri())) {
                if (auth.onUnauthorized(response, authorization, client)) {
                    discard(response);
                    reauthenticated = true;
                    attempt--;
                    continue;
                }
                return response;
            }
            if ((status == 429 || status >= 500) && call.retryable() && attempt < settings.retry().maxAttempts()) {
                Duration wait = retryAfter(response).map(settings.retry()::capped)
                        .orElse(settings.retry().backoff(attempt));
                discard(response);
                log.info(call.what() + ": " + registry + " answered " + status + ", retrying in " + wait.toMillis()
                        + " ms");
                sleep(wait);
                continue;
            }
            return response;
        }
    }

    /** A GET whose answer may redirect elsewhere (blob storage): followed without our Authorization header. */
    HttpResponse<InputStream> streamFollowingRedirects(Call call) throws IOException {
        Call current = call;
        for (int hop = 0; hop < 6; hop++) {
            HttpResponse<InputStream> r = exchange(current, HttpResponse.BodyHandlers.ofInputStream());
            int s = r.statusCode();
            if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
                String location = r.headers().firstValue("Location").orElse(null);
                r.body().close();
                if (location == null) {
                    throw new RegistryException(call.what() + ": " + registry + " redirected without a Location", s,
                            null);
                }
                current = new Call("GET", current.uri().resolve(location), Map.of(), null, true, call.what());
                continue;
            }
            return r;
        }
        throw new RegistryException(call.what() + ": too many redirects from " + registry, 0, null);
    }

    /** The error for an unexpected answer: registry, request, status, the registry's error code and message. */
    RegistryException failure(Call call, HttpResponse<?> response) throws IOException {
        Object raw = response.body();
        byte[] body = raw instanceof byte[] bytes ? bytes : raw instanceof InputStream in ? readSome(in) : new byte[0];
        RegistryErrors.Answer answer = RegistryErrors.parse(body);
        String hint = "";
        if (response.statusCode() == 401) {
            hint = auth.hasCredentials() ? " (the credentials were refused)"
                    : " (no credentials found for " + registry + ": see the credentials order in registries.md)";
        } else if (response.statusCode() == 403) {
            hint = " (the credentials lack permission for this repository)";
        }
        return new RegistryException(call.what() + ": " + registry + " answered " + answer.describe(
                response.statusCode()) + hint, response.statusCode(), answer.code());
    }

    private static byte[] readSome(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(8192);
        }
    }

    private HttpRequest request(Call call, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(call.uri()).timeout(settings.timeout());
        call.headers().forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().get();
        return b.method(call.method(), body).build();
    }

    private boolean sameOrigin(URI uri) {
        return base.getScheme().equalsIgnoreCase(uri.getScheme()) && base.getHost().equalsIgnoreCase(uri.getHost())
                && port(base) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
                    return java.util.Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (RuntimeException unparsable) {
                    return java.util.Optional.empty();
                }
            }
        });
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the answer is thrown away anyway
            }
        }
    }

    static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
