package dev.modelkit.pack;

import java.util.Locale;

/** How a Kitfile entry becomes a layer: a tar of its files (kit's default) or the single file's own bytes. */
public enum LayerFormat {
    TAR("tar"), RAW("raw");

    private final String mediaTypeWord;

    LayerFormat(String mediaTypeWord) {
        this.mediaTypeWord = mediaTypeWord;
    }

    /** The word in the layer media type: {@code tar} or {@code raw}. */
    public String mediaTypeWord() {
        return mediaTypeWord;
    }

    public static LayerFormat parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "tar" -> TAR;
            case "raw" -> RAW;
            default -> throw new IllegalArgumentException("unknown layerFormat '" + value + "': use tar or raw");
        };
    }
}
