package dev.modelkit.layer;

import com.github.luben.zstd.Zstd;

/**
 * libzstd through zstd-jni, touched only through this class so that a machine without the native library fails
 * here, once, and falls back to aircompressor instead of failing mid-layer.
 */
final class NativeZstd {

    /** Level 3, the zstd CLI's default and what {@code tar | zstd -3} (the baseline) uses. */
    static final int LEVEL = 3;

    private NativeZstd() {
    }

    static boolean available() {
        return Loader.FAILURE == null;
    }

    static String loadFailure() {
        return Loader.FAILURE;
    }

    /**
     * One frame: content size in the header, no checksum, no dictionary id (ZSTD_compress's defaults). Returns the
     * number of bytes written to {@code out}, which must hold {@link #bound(int)} bytes.
     */
    static int compress(byte[] chunk, int length, byte[] out) {
        long n = Zstd.compressByteArray(out, 0, out.length, chunk, 0, length, LEVEL);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd failed: " + Zstd.getErrorName(n));
        }
        return (int) n;
    }

    static int bound(int length) {
        return (int) Zstd.compressBound(length);
    }

    /** Loads the library on first use; the outcome is a constant for the JVM's life. */
    private static final class Loader {
        static final String FAILURE = tryLoad();

        private static String tryLoad() {
            try {
                byte[] probe = new byte[64];
                byte[] out = new byte[(int) Zstd.compressBound(probe.length)];
                Zstd.compressByteArray(out, 0, out.length, probe, 0, probe.length, LEVEL);
                return null;
            } catch (LinkageError | RuntimeException e) {
                return e.toString();
            }
        }
    }
}
