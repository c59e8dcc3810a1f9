package dev.modelkit.layer;

import java.util.Locale;

/**
 * Which zstd implementation compresses chunks. Both write valid level-3 zstd frames and the same uncompressed bytes
 * (so the same diffIds), but not the same compressed bytes, so the choice is part of what a layer digest depends on.
 * {@code native} is libzstd 1.5.7 through zstd-jni (about twice as fast on text; the library ships for Linux, macOS,
 * Windows and FreeBSD on the common CPUs, and its single-threaded output is the same on each); {@code java} is the
 * pure-Java aircompressor, which runs anywhere. {@code auto} takes native when the library loads.
 */
public enum ZstdEncoder {
    AUTO, NATIVE, JAVA;

    /** The name users write. */
    public String userName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ZstdEncoder parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ZstdEncoder e : values()) {
            if (e.userName().equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown zstd encoder '" + value + "': use auto, native or java");
    }

    /**
     * NATIVE or JAVA: AUTO becomes NATIVE when libzstd loads on this machine, else JAVA.
     *
     * @throws IllegalStateException when NATIVE is asked for and the library does not load here (with the reason)
     */
    public ZstdEncoder resolve() {
        return switch (this) {
            case JAVA -> JAVA;
            case AUTO -> NativeZstd.available() ? NATIVE : JAVA;
            case NATIVE -> {
                if (!NativeZstd.available()) {
                    throw new IllegalStateException("zstdEncoder=native: libzstd (zstd-jni) does not load on this"
                            + " machine (" + NativeZstd.loadFailure() + "); use zstdEncoder=java or auto");
                }
                yield NATIVE;
            }
        };
    }

    /** Why the native library did not load, or null when it did. */
    public static String nativeLoadFailure() {
        return NativeZstd.available() ? null : NativeZstd.loadFailure();
    }
}
