package dev.modelkit.layer;

import java.util.zip.Deflater;

/**
 * A cheap test whether a chunk is worth compressing: deflate a sample at the fastest level. Weights (random-like
 * floats) fail it, text passes. The decision depends on the bytes only, so output stays reproducible.
 */
final class Incompressible {

    private Incompressible() {
    }

    /** True when the first {@code sample} bytes shrink by less than 3% at deflate level 1. */
    static boolean sample(byte[] chunk, int length, int sample) {
        int n = Math.min(length, sample);
        if (n < 512) {
            return false;
        }
        Deflater d = new Deflater(1, true);
        try {
            d.setInput(chunk, 0, n);
            d.finish();
            byte[] out = new byte[n + 1024];
            int total = 0;
            while (!d.finished() && total < out.length) {
                total += d.deflate(out, total, out.length - total);
            }
            return total >= n * 0.97;
        } finally {
            d.end();
        }
    }
}
