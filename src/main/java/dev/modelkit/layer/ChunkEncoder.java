package dev.modelkit.layer;

/**
 * Compresses one chunk of a stream on its own, so chunks can be compressed on several threads while the output
 * stays a function of the input bytes alone: the chunk size is fixed and nothing depends on thread count or timing.
 */
interface ChunkEncoder {

    /**
     * Encodes {@code chunk} (the bytes from {@code 0} to {@code length}) into {@code out}, setting its size.
     *
     * @param previous the tail of the previous chunk (up to 32 KiB, for a deflate dictionary), or null for the first
     * @param last     whether this chunk ends the stream
     */
    void encode(byte[] chunk, int length, byte[] previous, boolean last, ChunkOutput out);

    /** Bytes written before the first chunk's output (a gzip header); may be empty. */
    byte[] header();

    /**
     * Bytes written after the last chunk's output (a gzip trailer), computed from the whole input, which the caller
     * feeds to {@link #update} in order.
     */
    byte[] trailer();

    /** Sees every input byte once, in order, on the writing thread (for the gzip CRC). */
    void update(byte[] b, int off, int len);

    /** An empty stream still needs a valid encoding (gzip: an empty deflate stream); called instead of any chunk. */
    byte[] encodeEmpty();
}
