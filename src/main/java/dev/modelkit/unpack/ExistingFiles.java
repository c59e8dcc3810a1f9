package dev.modelkit.unpack;

/** What to do when a file to unpack is already there (kit's {@code -o} and {@code -i}). */
public enum ExistingFiles {
    /** Fail with "path 'X' already exists" (kit's default). */
    FAIL,
    /** Replace existing regular files ({@code --overwrite}). */
    OVERWRITE,
    /** Keep existing files and skip the artifact's ({@code --ignore-existing}). */
    IGNORE;

    public static ExistingFiles of(boolean overwrite, boolean ignoreExisting) {
        if (overwrite && ignoreExisting) {
            throw new IllegalArgumentException("overwrite and ignoreExisting cannot both be set");
        }
        return overwrite ? OVERWRITE : ignoreExisting ? IGNORE : FAIL;
    }
}
