package dev.modelkit.registry;

import java.io.IOException;

/** A blob's bytes do not match its descriptor's digest or size. Never retried: the bytes will not change. */
public class CorruptBlobException extends IOException {

    public CorruptBlobException(String message) {
        super(message);
    }
}
