package dev.modelkit.oci;

import java.io.IOException;

/**
 * A blob's bytes do not match its descriptor (size or sha256). An IOException so it travels through the decompressors
 * and tar readers that sit on top of the verifying stream; the message names the blob. Never retried (a pull, an
 * upload): the bytes will not change.
 */
public class BlobVerificationException extends IOException {

    public BlobVerificationException(String message) {
        super(message);
    }
}
