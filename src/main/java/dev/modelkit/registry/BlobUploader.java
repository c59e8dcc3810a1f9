package dev.modelkit.registry;

import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.oci.ReadThroughInputStream;
import dev.modelkit.oci.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Uploads one blob whose local copy was already verified ("hash first"). The bytes are hashed again while they are
 * sent, and the upload is only committed when they still match: a monolithic PUT's body stops short when the
 * check fails (see {@link VerifyingInputStream}), a chunked upload's final PUT is not sent. A failed try (dropped
 * connection, 429, 5xx, lost session) is retried with backoff: a chunked upload resumes where the registry's upload
 * status says it stands, anything else starts the blob again.
 */
final class BlobUploader {

    private final RegistryClient client;
    private final OciLayoutReader artifact;
    private final UploadPolicy policy;

    BlobUploader(RegistryClient client, OciLayoutReader artifact, UploadPolicy policy) {
        this.client = client;
        this.artifact = artifact;
        this.policy = policy;
    }

    /**
     * @param location an upload session already open (from a mount answered with 202), or null
     * @return the blob bytes sent in the try that succeeded
     */
    long upload(String repository, Descriptor blob, URI location) throws IOException {
        RetryPolicy retry = client.retry();
        IOException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            URI session = location;
            location = null;
            try {
                if (session == null) {
                    session = client.startUpload(repository, blob.digest());
                }
                return policy.chunked(client.registry(), blob.size())
                        ? chunked(session, blob) : monolithic(session, blob);
            } catch (BlobVerificationException e) {
                if (session != null) {
                    client.cancelUpload(session);
                }
                throw e;
            } catch (RegistryException e) {
                if (!worthRetrying(e)) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < retry.maxAttempts()) {
                client.log().info("Upload of blob " + blob.digest() + " failed (" + last.getMessage()
                        + "); starting it again");
                RegistryHttp.sleep(retry.backoff(attempt));
            }
        }
        throw new RegistryException("Uploading blob " + blob.digest() + " to " + client.registry() + "/" + repository
                + " failed after " + retry.maxAttempts() + " tries: " + last.getMessage(),
                last instanceof RegistryException r ? r.status() : 0,
                last instanceof RegistryException r ? r.code() : null, last);
    }

    private long monolithic(URI session, Descriptor blob) throws IOException {
        Supplier<InputStream> body = () -> new VerifyingInputStream(openUnchecked(blob, 0), blob,
                "blob from " + artifact.description());
        try {
            client.putBlob(session, blob, body);
        } catch (IOException e) {
            throw corruptionBehind(e);
        }
        return blob.size();
    }

    private long chunked(URI session, Descriptor blob) throws IOException {
        long chunk = policy.chunkSize();
        MessageDigest sha256 = Digest.newSha256();
        long offset = 0;
        int resumes = 0;
        URI location = session;
        while (offset < blob.size()) {
            long from = offset;
            long length = Math.min(chunk, blob.size() - offset);
            MessageDigest before = sha256;
            // A fresh copy of the hash per send: a request sent again (after a 401) must not hash its bytes twice.
            AtomicReference<MessageDigest> sentHash = new AtomicReference<>();
            try {
                location = client.patchChunk(location, blob, from, length, () -> {
                    MessageDigest copy = copyOf(before);
                    sentHash.set(copy);
                    return new ChunkHashingInputStream(openUnchecked(blob, from), copy, length);
                });
                sha256 = sentHash.get();
                offset += length;
            } catch (IOException e) {
                if (e instanceof BlobVerificationException || (e instanceof RegistryException r && !worthRetrying(r))
                        || ++resumes >= client.retry().maxAttempts()) {
                    throw e;
                }
                RegistryHttp.sleep(client.retry().backoff(resumes));
                // May throw: then the whole blob starts again in upload().
                RegistryClient.UploadStatus status = client.uploadStatus(location, blob.digest());
                if (status.nextOffset() > blob.size()) {
                    throw new RegistryException("The upload of blob " + blob.digest() + " to " + client.registry()
                            + " claims " + status.nextOffset() + " bytes of " + blob.size(), 0, null);
                }
                client.log().info("Resuming blob " + blob.digest() + " at byte " + status.nextOffset()
                        + " after: " + e.getMessage());
                location = status.location();
                offset = status.nextOffset();
                sha256 = hashPrefix(blob, offset);
            }
        }
        Digest sentDigest = Digest.of(sha256);
        if (!sentDigest.equals(blob.digest())) {
            client.cancelUpload(location);
            throw new BlobVerificationException("Blob " + blob.digest() + " from " + artifact.description()
                    + " changed while it was uploaded (the bytes sent hash to " + sentDigest + "); not committed");
        }
        client.finishUpload(location, blob);
        return blob.size();
    }

    private static MessageDigest copyOf(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private MessageDigest hashPrefix(Descriptor blob, long length) throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        try (InputStream in = new ChunkHashingInputStream(artifact.openBlob(blob, 0), sha256, length)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return sha256;
    }

    private InputStream openUnchecked(Descriptor blob, long offset) {
        try {
            return artifact.openBlob(blob, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HttpClient wraps what the body stream threw; the verification failure is what the user must see. */
    private static IOException corruptionBehind(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobVerificationException c) {
                return c;
            }
        }
        return e;
    }

    /** Dropped connections, throttling, server errors and lost upload sessions are worth another try. */
    private static boolean worthRetrying(RegistryException e) {
        int s = e.status();
        // DIGEST_INVALID too: the local bytes were verified, so the registry got them wrong (a bad resume, a proxy
        // that mangled a body); a fresh upload is the cure.
        return s == 0 || s == 429 || s >= 500 || s == 416 || "BLOB_UPLOAD_UNKNOWN".equals(e.code())
                || "BLOB_UPLOAD_INVALID".equals(e.code()) || "DIGEST_INVALID".equals(e.code());
    }

    /** Hashes the bytes of one chunk on their way out and stops at the chunk's end. */
    private static final class ChunkHashingInputStream extends ReadThroughInputStream {
        private final MessageDigest sha256;
        private long remaining;

        ChunkHashingInputStream(InputStream in, MessageDigest sha256, long length) {
            super(in);
            this.sha256 = sha256;
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                sha256.update(b, off, n);
                remaining -= n;
            }
            return n;
        }

        /** The file holds more than this chunk. */
        @Override
        public int available() throws IOException {
            return (int) Math.min(remaining, in.available());
        }
    }
}
