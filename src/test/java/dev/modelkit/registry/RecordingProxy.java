package dev.modelkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP front for a test registry: records every request (method, path, body size), can inject faults
 * (a dropped connection, a 429, an error answer) and can demand bearer tokens from its own tiny token service, the
 * way Docker Hub, GHCR or Harbor do. Upload {@code Location}s are rewritten so clients keep talking to the proxy.
 */
final class RecordingProxy implements AutoCloseable {

    /** One request as the registry would have seen it. */
    record Seen(String method, String path, long bodyBytes, String authorization) {
    }

    /** Decides, before forwarding, whether to answer itself; returns true when it did. */
    interface Fault {
        boolean handle(HttpExchange exchange, Seen request) throws IOException;
    }

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile String bearerUser;
    private volatile String bearerPassword;

    RecordingProxy(String upstreamAddress) throws IOException {
        this.upstream = URI.create("http://" + upstreamAddress);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.createContext("/token", this::token);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "test-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void addFault(Fault f) {
        faults.add(f);
    }

    /** From now on, registry requests need a bearer token from {@code /token}, given for these credentials. */
    void requireBearer(String user, String password) {
        bearerUser = user;
        bearerPassword = password;
    }

    long blobBytesUploaded() {
        return seen.stream().filter(s -> s.path().contains("/blobs/uploads/")
                && (s.method().equals("PUT") || s.method().equals("PATCH"))).mapToLong(Seen::bodyBytes).sum();
    }

    long count(String method, String pathPart) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().contains(pathPart)).count();
    }

    private void token(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        tokenRequests.add(java.net.URLDecoder.decode(query == null ? "" : query, StandardCharsets.UTF_8));
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (bearerUser + ":" + bearerPassword).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
            return;
        }
        reply(ex, 200, "{\"token\":\"t-" + Math.abs(query.hashCode()) + "\",\"expires_in\":300}");
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            long declared = parseLong(ex.getRequestHeaders().getFirst("Content-Length"));
            Seen pending = new Seen(ex.getRequestMethod(), path, declared, authorization);
            for (Fault f : faults) {
                if (f.handle(ex, pending)) {
                    seen.add(pending);
                    return;
                }
            }
            if (bearerUser != null && (authorization == null || !authorization.startsWith("Bearer t-"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + address()
                        + "/token\",service=\"test-registry\",scope=\"registry:catalog:*\"");
                ex.getRequestBody().readAllBytes();
                seen.add(pending);
                reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            seen.add(new Seen(ex.getRequestMethod(), path, body.length, authorization));
            HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(path));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding",
                        "authorization").contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.method(ex.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            r.headers().map().forEach((k, vs) -> {
                String key = k.toLowerCase(Locale.ROOT);
                if (key.equals("location")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v.replace(upstream.toString(), "http://" + address())));
                } else if (!Set.of("transfer-encoding", "connection", "date").contains(key)
                        && !(key.equals("content-length") && !ex.getRequestMethod().equals("HEAD"))) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] out = r.body();
            boolean noBody = ex.getRequestMethod().equals("HEAD") || out.length == 0 || r.statusCode() == 204;
            ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /** Reads part of the request body and drops the connection, as a network failure mid-upload would. */
    static boolean drop(HttpExchange ex) throws IOException {
        ex.getRequestBody().readNBytes(1024);
        throw new IOException("test proxy: dropping the connection mid-upload");
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
