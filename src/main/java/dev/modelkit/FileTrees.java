package dev.modelkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder operations the pack and unpack staging areas share. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes a staging folder at the end of work that may have failed: when {@code failure} is not null, an error
     * deleting is added to it (suppressed) instead of replacing it, since the failure that stopped the work is the
     * one to report; after success the error is thrown.
     */
    public static void deleteRecursively(Path dir, Throwable failure) throws IOException {
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** Deletes a folder and everything in it (links are removed, never followed); nothing to do if it is absent. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the walk's own errors (an entry gone meanwhile) are I/O errors like any other
        }
    }
}
