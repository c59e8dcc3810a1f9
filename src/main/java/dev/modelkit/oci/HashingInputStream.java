package dev.modelkit.oci;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes (sha256) and counts every byte read through it: a blob for its digest, a layer's content for its diffId. */
public final class HashingInputStream extends ReadThroughInputStream {

    private final MessageDigest sha256 = Digest.newSha256();
    private long count;

    public HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Reads to the end (trailing bytes, such as tar padding, count too) and returns the digest of all bytes. */
    public Digest finish() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
        return digest();
    }

    /** The digest of the bytes read so far; completes the hash (MessageDigest resets), so call it once. */
    public Digest digest() {
        return Digest.of(sha256);
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }
}
