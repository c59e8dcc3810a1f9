package dev.modelkit.layer;

import java.util.Arrays;

/**
 * Where an encoded chunk goes: a growable array that the chunk stream recycles once the chunk is written, so a long
 * layer does not allocate a chunk-sized array (a "humongous" one for G1 in a small heap) per chunk.
 */
final class ChunkOutput {

    private byte[] bytes;
    private int size;

    ChunkOutput(int capacity) {
        bytes = new byte[capacity];
    }

    /** The array to write into, at least {@code capacity} long; what it held before is kept. */
    byte[] array(int capacity) {
        if (bytes.length < capacity) {
            bytes = Arrays.copyOf(bytes, capacity);
        }
        return bytes;
    }

    byte[] array() {
        return bytes;
    }

    /** Sets how many bytes of {@link #array()} are the encoded chunk. */
    void size(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }
}
