package dev.modelkit.pack;

import java.util.Locale;

/** Which OCI artifact to write: a KitOps ModelKit or a CNCF ModelPack. */
public enum ArtifactFormat {
    MODELKIT, MODELPACK;

    public static ArtifactFormat parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "modelkit" -> MODELKIT;
            case "modelpack" -> MODELPACK;
            default -> throw new IllegalArgumentException("unknown format '" + value + "': use modelkit or modelpack");
        };
    }
}
