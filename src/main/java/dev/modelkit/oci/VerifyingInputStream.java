package dev.modelkit.oci;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while hashing and counting them, and checks them against the blob's descriptor
 * <em>before</em> handing out the last buffer: when the descriptor's size is reached, one more byte is asked for (there
 * must be none) and the sha256 must match. So a reader that trusts the blob (an unpacker, an HTTP body being sent, a
 * file being committed) never gets a whole wrong blob: it gets a {@link BlobVerificationException} instead. Reads never
 * go past the declared size, so a lying descriptor cannot feed an endless stream; a short blob fails where it ends.
 * Readers above it (decompressors, tar) may stop early; {@link #verifyToEnd()} then reads the rest so the whole blob is
 * always checked.
 */
public final class VerifyingInputStream extends ReadThroughInputStream {

    private final Descriptor descriptor;
    private final String label;
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;
    private boolean verified;
    /** Thrown again by later reads (a reader's clean-up, {@link #verifyToEnd()}): the hash cannot be asked twice. */
    private BlobVerificationException failure;

    /**
     * @param label how messages name the blob, e.g. "layer 2 (application/vnd...tar)" or "blob of layout target/x";
     *              the digest follows it
     */
    public VerifyingInputStream(InputStream in, Descriptor descriptor, String label) {
        super(in);
        if (descriptor.size() < 0) {
            throw new IllegalArgumentException(label + " " + descriptor.digest() + " has a negative size");
        }
        this.descriptor = descriptor;
        this.label = label;
    }

    /** Reads a whole blob and checks it (push's "hash first" step, before anything is sent). */
    public static void verify(InputStream in, Descriptor descriptor, String label) throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(in, descriptor, label)) {
            v.verifyToEnd();
        }
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

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        if (count == descriptor.size()) {
            checkEnd(); // an empty blob, or a read after the last buffer
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, descriptor.size() - count));
        if (n < 0) {
            throw fail(" is truncated: " + count + " bytes instead of the " + descriptor.size()
                    + " its descriptor says");
        }
        sha256.update(b, off, n);
        count += n;
        if (count == descriptor.size()) {
            checkEnd(); // before this last buffer is handed out
        }
        return n;
    }

    /** Reads whatever the consumer left and checks size and digest; throws when they do not match. */
    public void verifyToEnd() throws IOException {
        byte[] buf = new byte[256 * 1024]; // large reads: a file region hands them over without its own buffer
        while (read(buf, 0, buf.length) >= 0) {
            // checking happens in read
        }
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** At the declared size: nothing may follow, and the bytes must hash to the digest. Once per blob. */
    private void checkEnd() throws IOException {
        if (verified) {
            return;
        }
        // A single-byte read once per blob: the cheapest way to tell a blob that is too long.
        if (in.read() >= 0) {
            throw fail(" is longer than the " + descriptor.size() + " bytes its descriptor says");
        }
        Digest actual = Digest.of(sha256);
        if (!actual.equals(descriptor.digest())) {
            throw fail(" does not match its content (sha256 of the bytes is " + actual + ")");
        }
        verified = true;
    }

    private BlobVerificationException fail(String problem) {
        failure = new BlobVerificationException(label + " " + descriptor.digest() + problem);
        return failure;
    }
}
