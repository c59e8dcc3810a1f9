package dev.modelkit.layer;

/**
 * A cheap test whether a chunk is worth compressing: the order-0 entropy of a sample. Weights (random-like floats)
 * come out at almost 8 bits per byte, text far lower. Counting bytes runs at memory speed, where a trial deflate of
 * the same sample ran at 40 MB/s and cost more than storing the chunk. The decision depends on the bytes only
 * ({@link StrictMath} gives the same logarithm on every platform), so output stays reproducible.
 *
 * <p>Data whose bytes are evenly spread but which repeats long runs (the same random block twice) is stored too;
 * model weights do not look like that, and storing is never wrong, only larger.
 */
final class Incompressible {

    /** How much of a chunk is looked at: enough for a steady histogram, little next to a 1–2 MiB chunk. */
    static final int SAMPLE = 64 * 1024;

    /** At 7.9 bits per byte, an ideal order-0 coder saves about 1%: not worth compressing at all. */
    static final double THRESHOLD_BITS = 7.9;

    private Incompressible() {
    }

    /** True when the chunk's first {@link #SAMPLE} bytes carry {@link #THRESHOLD_BITS} bits per byte or more. */
    static boolean test(byte[] chunk, int length) {
        int n = Math.min(length, SAMPLE);
        if (n < 4096) {
            return false; // too few bytes for a meaningful histogram: compress
        }
        return bitsPerByte(chunk, n) >= THRESHOLD_BITS;
    }

    static double bitsPerByte(byte[] data, int n) {
        int[] counts = new int[256];
        for (int i = 0; i < n; i++) {
            counts[data[i] & 0xff]++;
        }
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                bits -= count * StrictMath.log((double) count / n);
            }
        }
        return bits / StrictMath.log(2) / n;
    }
}
