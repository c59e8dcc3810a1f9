package dev.modelkit.layer;

/** What packing does with a symbolic link inside a layer path. */
public enum SymlinkPolicy {
    /** The link's path holds the target's content (a file or a whole folder); cycles are reported. Default. */
    FOLLOW,
    /** The link is left out with a warning naming it: kit's own behaviour. */
    SKIP,
    /** Any link fails the build, naming it. */
    FAIL
}
