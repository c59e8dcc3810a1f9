package dev.modelkit.oci;

import java.io.IOException;
import java.io.InputStream;

/**
 * Hashes and counts a blob while it is read and checks it against its descriptor: more bytes than the descriptor's
 * size fail at once (so a lying descriptor cannot feed an endless stream), and at the end of the stream the size and
 * sha256 must match. Readers above it (decompressors, tar) may stop early; {@link #verifyToEnd()} then reads the
 * rest so the whole blob is always checked.
 */
public final class VerifyingInputStream extends ReadThroughInputStream {

    private final Descriptor descriptor;
    private final String label;
    private final HashingInputStream hashed;
    private boolean verified;

    /** @param label how messages name the blob, e.g. "layer 2 (application/vnd...tar)" */
    public VerifyingInputStream(InputStream in, Descriptor descriptor, String label) {
        this(new HashingInputStream(in), descriptor, label);
    }

    private VerifyingInputStream(HashingInputStream hashed, Descriptor descriptor, String label) {
        super(hashed);
        this.hashed = hashed;
        this.descriptor = descriptor;
        this.label = label;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        // Ask for at most one byte beyond the declared size: enough to notice a blob that is too long.
        long allowed = descriptor.size() - hashed.count() + 1;
        int n = hashed.read(b, off, (int) Math.max(1, Math.min(len, allowed)));
        if (n < 0) {
            verifyEnd();
            return -1;
        }
        if (hashed.count() > descriptor.size()) {
            throw new BlobVerificationException(label + " " + descriptor.digest() + " is longer than the "
                    + descriptor.size() + " bytes its descriptor says");
        }
        return n;
    }

    /** Reads whatever the consumer left and checks size and digest; throws when they do not match. */
    public void verifyToEnd() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (!verified) {
            if (read(buf, 0, buf.length) < 0) {
                break;
            }
        }
    }

    /** Bytes read so far. */
    public long count() {
        return hashed.count();
    }

    private void verifyEnd() throws BlobVerificationException {
        if (verified) {
            return;
        }
        if (hashed.count() != descriptor.size()) {
            throw new BlobVerificationException(label + " " + descriptor.digest() + " is truncated: "
                    + hashed.count() + " bytes instead of the " + descriptor.size() + " its descriptor says");
        }
        Digest actual = hashed.digest();
        if (!actual.equals(descriptor.digest())) {
            throw new BlobVerificationException(label + " " + descriptor.digest() + " does not match its content"
                    + " (sha256 of the bytes is " + actual + ")");
        }
        verified = true;
    }

    /** Reads a small blob (manifest, config) whole, verified; refuses one whose descriptor claims more than max. */
    public static byte[] readSmall(InputStream in, Descriptor descriptor, String label, int max) throws IOException {
        if (descriptor.size() > max || descriptor.size() < 0) {
            throw new BlobVerificationException(label + " " + descriptor.digest() + " claims " + descriptor.size()
                    + " bytes; at most " + max + " are accepted");
        }
        try (VerifyingInputStream v = new VerifyingInputStream(in, descriptor, label)) {
            byte[] bytes = v.readNBytes((int) descriptor.size());
            v.verifyToEnd();
            return bytes;
        }
    }
}
