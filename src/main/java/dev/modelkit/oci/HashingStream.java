package dev.modelkit.oci;

import java.io.OutputStream;

/** A stream that hashes what is written to it: what a layout blob is written through. */
abstract class HashingStream extends OutputStream {

    /** The sha256 of everything written; once closed. */
    public abstract Digest digest();

    /** The bytes written. */
    public abstract long count();
}
