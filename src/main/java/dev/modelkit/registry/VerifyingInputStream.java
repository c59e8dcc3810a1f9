package dev.modelkit.registry;

import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.ReadThroughInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while hashing and counting them, and checks digest and size as soon as the
 * descriptor's size is reached: <em>before</em> handing out the last buffer. So a reader that trusts the blob (an
 * unpacker, or an HTTP body being sent) never gets a complete wrong blob: it fails with
 * {@link BlobVerificationException} instead, and a registry upload is left incomplete, never committed.
 */
public final class VerifyingInputStream extends ReadThroughInputStream {

    private final Descriptor expected;
    private final String source;
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;
    private boolean verified;

    /**
     * @param source how messages name where the bytes come from ("layout target/modelkit", "registry x/y")
     */
    public VerifyingInputStream(InputStream in, Descriptor expected, String source) {
        super(in);
        this.expected = expected;
        this.source = source;
    }

    /** Reads a whole blob and checks it: the "hash first" step before anything is sent. */
    public static void verify(InputStream in, Descriptor expected, String source) throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(in, expected, source)) {
            v.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (count == expected.size()) {
            check();
            if (in.read() != -1) {
                throw new BlobVerificationException("Blob " + expected.digest() + " from " + source
                        + " is longer than its descriptor's size " + expected.size());
            }
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, expected.size() - count));
        if (n < 0) {
            throw new BlobVerificationException("Blob " + expected.digest() + " from " + source + " ends after " + count
                    + " bytes; its descriptor says " + expected.size());
        }
        sha256.update(b, off, n);
        count += n;
        if (count == expected.size()) {
            check();
        }
        return n;
    }

    private void check() throws BlobVerificationException {
        if (verified) {
            return;
        }
        Digest actual = Digest.of(sha256);
        if (!actual.equals(expected.digest())) {
            throw new BlobVerificationException("Blob " + expected.digest() + " from " + source
                    + " does not verify: its " + count + " bytes hash to " + actual);
        }
        verified = true;
    }
}
