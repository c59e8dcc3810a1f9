package dev.modelkit.registry;

import dev.modelkit.BuildLog;
import dev.modelkit.DaemonThreads;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.VerifyingInputStream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes a local ModelKit to a registry, in this order:
 * <ol>
 *   <li>HEAD every blob: those the repository has are done (an unchanged ModelKit sends no blob bytes);</li>
 *   <li>hash every missing blob from the local copy: if one does not verify, nothing at all is uploaded;</li>
 *   <li>for each missing blob, try a cross-repository mount, else upload it (layers in parallel, then the config);
 *       the bytes are hashed again while sent and the upload is only committed when they still match;</li>
 *   <li>PUT the manifest's exact bytes by the first tag, then by every other tag (tags already pointing at this
 *       digest are left alone).</li>
 * </ol>
 */
public final class Pusher {

    private final BuildLog log;

    public Pusher(BuildLog log) {
        this.log = log;
    }

    public PushResult push(PushRequest request) throws IOException {
        List<ImageReference> references = request.references();
        String repository = request.repository();
        try (OciLayoutReader artifact = open(request.source(), request.tags().get(0))) {
            byte[] manifestBytes = artifact.manifestBytes();
            Digest digest = artifact.manifestDescriptor().digest();
            ManifestContent manifest = ManifestContent.parse(manifestBytes, artifact.description());
            List<String> mountFrom = request.mountFrom().stream().filter(r -> !r.equals(repository)).distinct()
                    .toList();
            RegistryClient client = RegistryClient.forPush(references.get(0), mountFrom, request.transport(),
                    request.credentials(), log);
            log.info("Pushing " + artifact.description() + " (" + digest + ") to " + request.registry() + "/"
                    + repository);
            client.ping();
            ExecutorService pool = DaemonThreads.pool(request.upload().parallelism(), "modelkit-registry");
            try {
                List<Descriptor> missing = missingBlobs(client, repository, manifest.blobs(), pool);
                int present = manifest.blobs().size() - missing.size();
                verifyAll(artifact, missing, pool);
                Counts counts = new Counts();
                List<Descriptor> layers = missing.stream().filter(d -> !d.equals(manifest.config())).toList();
                runAll(pool, layers.stream().<Callable<Void>>map(d -> () -> {
                    send(client, artifact, request, mountFrom, d, counts);
                    return null;
                }).toList());
                if (missing.contains(manifest.config())) {
                    send(client, artifact, request, mountFrom, manifest.config(), counts);
                }
                List<PushResult.Pushed> pushed = putManifest(client, repository, request.tags(), manifest.mediaType(),
                        manifestBytes, digest);
                log.info("Pushed " + digest + " to " + request.registry() + "/" + repository + " as "
                        + String.join(", ", request.tags()) + ": " + counts.uploaded + " blob(s) uploaded ("
                        + counts.bytes + " bytes), " + counts.mounted + " mounted, " + present + " already there");
                return new PushResult(pushed, counts.uploaded.get(), counts.mounted.get(), present,
                        counts.bytes.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * The layout folder or oci-archive to push; index.json's entry tagged {@code tag} is preferred, else its only
     * manifest.
     */
    private static OciLayoutReader open(Path source, String tag) throws IOException {
        if (!Files.exists(source)) {
            throw new IOException("No ModelKit at " + source + ": expected an OCI layout folder or an oci-archive"
                    + " .tar (run the pack goal first)");
        }
        return OciLayoutReader.openPreferringTag(source, tag);
    }

    /** Thread-safe tallies of what happened to the blobs. */
    private static final class Counts {
        final AtomicInteger uploaded = new AtomicInteger();
        final AtomicInteger mounted = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    }

    private List<Descriptor> missingBlobs(RegistryClient client, String repository, List<Descriptor> blobs,
                                          ExecutorService pool) throws IOException {
        List<Optional<Long>> sizes = runAll(pool, blobs.stream().<Callable<Optional<Long>>>map(
                d -> () -> client.blobSize(repository, d.digest())).toList());
        List<Descriptor> missing = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor d = blobs.get(i);
            Optional<Long> size = sizes.get(i);
            if (size.isEmpty()) {
                missing.add(d);
            } else if (size.get() >= 0 && size.get() != d.size()) {
                // A registry answering with another size for the same digest is broken; upload ours.
                log.warn("The registry reports " + size.get() + " bytes for blob " + d.digest() + ", expected "
                        + d.size() + "; uploading it again");
                missing.add(d);
            } else {
                log.debug("Blob " + d.digest() + " is already in " + repository);
            }
        }
        return missing;
    }

    /** "Hash first": every blob about to be sent is read and checked before the first byte goes out. */
    private void verifyAll(OciLayoutReader artifact, List<Descriptor> blobs, ExecutorService pool) throws IOException {
        runAll(pool, blobs.stream().<Callable<Void>>map(d -> () -> {
            VerifyingInputStream.verify(artifact.openBlob(d), d, "blob from " + artifact.description());
            return null;
        }).toList());
    }

    private void send(RegistryClient client, OciLayoutReader artifact, PushRequest request, List<String> mountFrom,
                      Descriptor blob, Counts counts) throws IOException {
        URI session = null;
        for (String from : mountFrom) {
            RegistryClient.MountResult m = client.mount(request.repository(), blob.digest(), from);
            if (m.mounted()) {
                log.info("Mounted blob " + blob.digest() + " from " + from);
                counts.mounted.incrementAndGet();
                return;
            }
            if (session != null) {
                client.cancelUpload(session);
            }
            session = m.uploadLocation();
        }
        boolean chunked = request.upload().chunked(request.registry(), blob.size());
        long sent = new BlobUploader(client, artifact, request.upload()).upload(request.repository(), blob, session);
        counts.uploaded.incrementAndGet();
        counts.bytes.addAndGet(sent);
        log.info("Uploaded blob " + blob.digest() + " (" + blob.size() + " bytes" + (chunked ? ", chunked" : "")
                + ")");
    }

    private List<PushResult.Pushed> putManifest(RegistryClient client, String repository, List<String> tags,
                                                String mediaType, byte[] bytes, Digest digest) throws IOException {
        List<PushResult.Pushed> pushed = new ArrayList<>();
        Set<String> distinct = new LinkedHashSet<>(tags);
        for (String tag : distinct) {
            Optional<Digest> current = client.manifestDigest(repository, tag);
            if (current.isPresent() && current.get().equals(digest)) {
                log.info("Tag " + tag + " already names " + digest);
            } else {
                Optional<Digest> stored = client.putManifest(repository, tag, mediaType, bytes);
                if (stored.isPresent() && !stored.get().equals(digest)) {
                    throw new RegistryException(client.registry() + " stored the manifest " + repository + ":" + tag
                            + " under " + stored.get() + " instead of " + digest
                            + ": it rewrote the bytes", 0, null);
                }
            }
            pushed.add(new PushResult.Pushed(client.registry() + "/" + repository + ":" + tag, digest));
        }
        return pushed;
    }

    /** Runs tasks on the pool; on the first failure the others are cancelled and that failure is thrown. */
    static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) throws IOException {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
        return results;
    }

}
