package dev.modelkit.registry;

import dev.modelkit.BuildLog;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The OCI distribution API calls a push or pull needs, against one registry with one fixed set of token scopes.
 * Every method either returns what the registry answered or throws a {@link RegistryException} naming the registry,
 * the request (and blob) and the registry's answer.
 */
public final class RegistryClient {

    /** What a manifest GET accepts: OCI first, then Docker's types (a registry may hold either). */
    public static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private static final String OCTET_STREAM = "application/octet-stream";

    private final RegistryHttp http;

    private RegistryClient(RegistryHttp http) {
        this.http = http;
    }

    /** A client allowed to push to {@code repository} and to mount blobs from the {@code mountFrom} repositories. */
    public static RegistryClient forPush(ImageReference target, List<String> mountFrom, TransportSettings settings,
                                         CredentialSource credentials, BuildLog log) throws IOException {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("repository:" + target.repository() + ":pull,push");
        for (String from : mountFrom) {
            if (!from.equals(target.repository())) {
                scopes.add("repository:" + from + ":pull");
            }
        }
        return new RegistryClient(new RegistryHttp(target.registry(), target.apiHost(), settings, credentials, scopes,
                log));
    }

    /** A client allowed to read {@code repository}. */
    public static RegistryClient forPull(ImageReference source, TransportSettings settings,
                                         CredentialSource credentials, BuildLog log) throws IOException {
        return new RegistryClient(new RegistryHttp(source.registry(), source.apiHost(), settings, credentials,
                Set.of("repository:" + source.repository() + ":pull"), log));
    }

    public String registry() {
        return http.registry();
    }

    RetryPolicy retry() {
        return http.retry();
    }

    BuildLog log() {
        return http.log();
    }

    /** {@code GET /v2/}: checks that the registry answers and, through its 401, gets a token for our scopes. */
    public void ping() throws IOException {
        RegistryHttp.Call call = RegistryHttp.Call.get(http.uri("/v2/"), Map.of(), "Checking the registry API");
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 200) {
            throw http.failure(call, r);
        }
    }

    /** The size the registry reports for a blob in this repository, or empty when it does not have it. */
    public Optional<Long> blobSize(String repository, Digest digest) throws IOException {
        RegistryHttp.Call call = RegistryHttp.Call.head(http.uri("/v2/" + repository + "/blobs/" + digest), Map.of(),
                "Checking blob " + digest + " in " + repository);
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw http.failure(call, r);
        }
        return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    /** The answer to a mount request: mounted, or an upload session the registry opened instead. */
    public record MountResult(boolean mounted, URI uploadLocation) {
    }

    /** {@code POST ?mount=&from=}: links a blob another repository of this registry holds, without sending it. */
    public MountResult mount(String repository, Digest digest, String from) throws IOException {
        RegistryHttp.Call call = new RegistryHttp.Call("POST", http.uri("/v2/" + repository + "/blobs/uploads/?mount="
                + digest + "&from=" + from), Map.of(), null, true, "Mounting blob " + digest + " from " + from
                + " into " + repository);
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() == 201) {
            return new MountResult(true, null);
        }
        if (r.statusCode() == 202) {
            return new MountResult(false, location(call, r));
        }
        throw http.failure(call, r);
    }

    /** {@code POST /blobs/uploads/}: opens an upload session and returns its location. */
    public URI startUpload(String repository, Digest digest) throws IOException {
        RegistryHttp.Call call = new RegistryHttp.Call("POST", http.uri("/v2/" + repository + "/blobs/uploads/"),
                Map.of(), null, true, "Starting the upload of blob " + digest + " to " + repository);
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 202) {
            throw http.failure(call, r);
        }
        return location(call, r);
    }

    /** The monolithic upload's PUT: the whole blob in one request, committed under its digest. */
    public void putBlob(URI location, Descriptor blob, Supplier<InputStream> content) throws IOException {
        RegistryHttp.Call call = new RegistryHttp.Call("PUT", withDigest(location, blob.digest()),
                Map.of("Content-Type", OCTET_STREAM), () -> sized(content, blob.size()), false,
                "Uploading blob " + blob.digest());
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 201) {
            throw http.failure(call, r);
        }
    }

    /** One {@code PATCH} of a chunked upload; returns the location for the next request. */
    public URI patchChunk(URI location, Descriptor blob, long offset, long length, Supplier<InputStream> content)
            throws IOException {
        RegistryHttp.Call call = new RegistryHttp.Call("PATCH", location, Map.of("Content-Type", OCTET_STREAM,
                "Content-Range", offset + "-" + (offset + length - 1)), () -> sized(content, length), false,
                "Uploading bytes " + offset + "-" + (offset + length - 1) + " of blob " + blob.digest());
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 202) {
            throw http.failure(call, r);
        }
        return location(call, r);
    }

    /** Where an interrupted upload stands: the next byte the registry expects, and the location to continue at. */
    public record UploadStatus(long nextOffset, URI location) {
    }

    /** {@code GET} on an upload session: how much the registry has ({@code Range: 0-N}). */
    public UploadStatus uploadStatus(URI location, Digest digest) throws IOException {
        RegistryHttp.Call call = RegistryHttp.Call.get(location, Map.of(), "Asking how much of blob " + digest
                + " arrived");
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 204 && r.statusCode() != 202) {
            throw http.failure(call, r);
        }
        long end = r.headers().firstValue("Range").map(RegistryClient::rangeEnd).orElse(-1L);
        // distribution 2.8 answers "0-0" both for an empty upload and for one byte: restart from 0 then (a wrong
        // guess gets a 416 and the blob starts over, never a wrong blob: the registry checks the digest at the end).
        long next = end <= 0 ? 0 : end + 1;
        return new UploadStatus(next, location(call, r));
    }

    /** The final {@code PUT ?digest=} of a chunked upload, with no body: the registry verifies and commits. */
    public void finishUpload(URI location, Descriptor blob) throws IOException {
        RegistryHttp.Call call = new RegistryHttp.Call("PUT", withDigest(location, blob.digest()),
                Map.of("Content-Type", OCTET_STREAM), HttpRequest.BodyPublishers::noBody, false,
                "Completing the upload of blob " + blob.digest());
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 201) {
            throw http.failure(call, r);
        }
    }

    /** Drops an upload session (best effort: the registry forgets abandoned sessions anyway). */
    public void cancelUpload(URI location) {
        try {
            http.send(new RegistryHttp.Call("DELETE", location, Map.of(), null, false, "Cancelling an upload"));
        } catch (IOException ignored) {
            // nothing depends on it
        }
    }

    /** The digest the registry holds under a tag or digest, or empty when it has no such manifest. */
    public Optional<Digest> manifestDigest(String repository, String reference) throws IOException {
        RegistryHttp.Call call = RegistryHttp.Call.head(http.uri("/v2/" + repository + "/manifests/" + reference),
                Map.of("Accept", MANIFEST_ACCEPT), "Checking manifest " + repository + ":" + reference);
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw http.failure(call, r);
        }
        return r.headers().firstValue("Docker-Content-Digest").map(Digest::parse);
    }

    /** {@code PUT /manifests/<reference>} with the exact bytes; returns the digest the registry computed. */
    public Optional<Digest> putManifest(String repository, String reference, String mediaType, byte[] manifest)
            throws IOException {
        RegistryHttp.Call call = new RegistryHttp.Call("PUT", http.uri("/v2/" + repository + "/manifests/"
                + reference), Map.of("Content-Type", mediaType), () -> HttpRequest.BodyPublishers.ofByteArray(manifest),
                true, "Putting the manifest " + repository + ":" + reference);
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 201) {
            throw http.failure(call, r);
        }
        return r.headers().firstValue("Docker-Content-Digest").map(Digest::parse);
    }

    /** A manifest as the registry sent it. */
    public record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {
    }

    /** {@code GET /manifests/<reference>} with OCI and Docker {@code Accept} types. */
    public FetchedManifest getManifest(String repository, String reference) throws IOException {
        RegistryHttp.Call call = RegistryHttp.Call.get(http.uri("/v2/" + repository + "/manifests/" + reference),
                Map.of("Accept", MANIFEST_ACCEPT), "Fetching the manifest " + repository + ":" + reference);
        HttpResponse<byte[]> r = http.send(call);
        if (r.statusCode() != 200) {
            throw http.failure(call, r);
        }
        String type = r.headers().firstValue("Content-Type").orElse(MediaTypes.OCI_MANIFEST);
        int semi = type.indexOf(';');
        return new FetchedManifest(r.body(), (semi < 0 ? type : type.substring(0, semi)).trim(),
                Digest.of(r.body()));
    }

    /**
     * {@code GET /blobs/<digest>}: the raw bytes, unverified (wrap them in
     * {@link dev.modelkit.oci.VerifyingInputStream}).
     */
    public InputStream getBlob(String repository, Descriptor blob) throws IOException {
        RegistryHttp.Call call = RegistryHttp.Call.get(http.uri("/v2/" + repository + "/blobs/" + blob.digest()),
                Map.of(), "Fetching blob " + blob.digest() + " from " + repository);
        HttpResponse<InputStream> r = http.streamFollowingRedirects(call);
        if (r.statusCode() != 200) {
            throw http.failure(call, r);
        }
        return r.body();
    }

    private URI location(RegistryHttp.Call call, HttpResponse<?> r) throws RegistryException {
        String location = r.headers().firstValue("Location").orElse(null);
        if (location == null) {
            throw new RegistryException(call.what() + ": " + http.registry() + " answered " + r.statusCode()
                    + " without a Location header", r.statusCode(), null);
        }
        return call.uri().resolve(location);
    }

    /** Upload locations often carry {@code ?_state=...} already, so the digest is appended with & then. */
    static URI withDigest(URI location, Digest digest) {
        String s = location.toString();
        return URI.create(s + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
    }

    private static long rangeEnd(String range) {
        String r = range.trim();
        if (r.startsWith("bytes=")) {
            r = r.substring(6);
        }
        int dash = r.indexOf('-', 1);
        try {
            return dash < 0 ? -1 : Long.parseLong(r.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1; // "0--1" (nothing yet) or garbage: start from zero
        }
    }

    /** A body of a known length (registries such as GCR and ECR reject chunked transfer encoding). */
    private static HttpRequest.BodyPublisher sized(Supplier<InputStream> content, long length) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content), length);
    }
}
