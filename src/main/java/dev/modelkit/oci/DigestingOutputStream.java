package dev.modelkit.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts what passes through on its way to the next stream, so no blob is ever read back to hash it. */
public final class DigestingOutputStream extends FilterOutputStream {

    private final MessageDigest sha256 = Digest.newSha256();
    private long count;
    private Digest digest;

    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    /** The bytes written so far. */
    public long count() {
        return count;
    }

    /** The digest of everything written; ends hashing, so call it once all bytes are through. */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.of(sha256);
        }
        return digest;
    }
}
