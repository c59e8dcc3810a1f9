package dev.modelkit.registry;

import dev.modelkit.BuildLog;
import dev.modelkit.DaemonThreads;
import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.OciJsonReader;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.OciLayoutWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Copies a ModelKit from a registry into a local OCI image layout. Each blob streams into a temporary file beside
 * its final place, is verified on the way (digest and size) and only then renamed to its digest; the manifest and
 * index.json come last. A failed pull leaves no blob a later reader would trust, and blobs already in the layout
 * (same digest and size) are not fetched again.
 */
public final class Puller {

    private final BuildLog log;

    public Puller(BuildLog log) {
        this.log = log;
    }

    public PullResult pull(PullRequest request) throws IOException {
        ImageReference ref = request.reference();
        RegistryClient client = RegistryClient.forPull(ref, request.transport(), request.credentials(), log);
        RegistryArtifactSource source = new RegistryArtifactSource(client, ref);
        byte[] manifestBytes = source.manifest();
        Descriptor manifest = source.manifestDescriptor();
        ManifestContent content = ManifestContent.parse(manifestBytes, source.description());
        OciLayoutWriter layout = OciLayoutWriter.create(request.layoutDirectory());
        log.info("Pulling " + ref + " (" + manifest.digest() + ") into " + request.layoutDirectory());
        List<Descriptor> needed = new ArrayList<>();
        for (Descriptor d : content.blobs()) {
            Path existing = layout.blobPath(d.digest());
            if (Files.isRegularFile(existing) && Files.size(existing) == d.size()) {
                log.debug("Blob " + d.digest() + " is already in the layout");
            } else {
                needed.add(d);
            }
        }
        ExecutorService pool = DaemonThreads.pool(request.parallelism(), "modelkit-registry");
        long bytes;
        try {
            List<Long> sizes = Pusher.runAll(pool, needed.stream().<Callable<Long>>map(
                    d -> () -> fetch(client, source, layout, d)).toList());
            bytes = sizes.stream().mapToLong(Long::longValue).sum();
        } finally {
            pool.shutdownNow();
        }
        layout.writeBlob(manifestBytes);
        writeIndex(layout, manifest, ref.tag());
        log.info("Pulled " + ref + ": " + needed.size() + " blob(s), " + bytes + " bytes");
        return new PullResult(manifest, request.layoutDirectory(), needed.size(), bytes);
    }

    /** One blob, retried from the start after a dropped connection; a digest mismatch is never retried. */
    private long fetch(RegistryClient client, RegistryArtifactSource source, OciLayoutWriter layout, Descriptor d)
            throws IOException {
        RetryPolicy retry = client.retry();
        for (int attempt = 1; ; attempt++) {
            try (OciLayoutWriter.BlobWriter w = layout.newBlob(); InputStream in = source.blob(d)) {
                in.transferTo(w.stream());
                w.commit();
                return d.size();
            } catch (BlobVerificationException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw e;
                }
                log.info("Download of blob " + d.digest() + " failed (" + e.getMessage() + "); starting it again");
                RegistryHttp.sleep(retry.backoff(attempt));
            }
        }
    }

    /** index.json keeps other entries and gets this manifest, tagged when the reference has a tag. */
    private static void writeIndex(OciLayoutWriter layout, Descriptor manifest, String tag) throws IOException {
        Path indexFile = layout.root().resolve("index.json");
        List<Descriptor> entries = new ArrayList<>();
        if (Files.isRegularFile(indexFile)) {
            for (Descriptor d : OciJsonReader.index(Files.readAllBytes(indexFile), "layout " + layout.root() + " index.json")) {
                String name = d.annotations().get(OciLayoutReader.REF_NAME);
                boolean sameTag = tag != null && tag.equals(name);
                boolean sameUntagged = name == null && d.digest().equals(manifest.digest());
                if (!sameTag && !sameUntagged) {
                    entries.add(d);
                }
            }
        }
        entries.add(tag == null ? manifest : manifest.withAnnotations(Map.of(OciLayoutReader.REF_NAME, tag)));
        layout.writeIndex(entries);
    }
}
