package dev.modelkit.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * What selection needs to know about one path, read in a single attribute call.
 *
 * @param kind what the path is (after following, when it was read following links)
 * @param mode permission bits with setuid/setgid/sticky (07777), as kit keeps them in tar headers
 * @param size length of a regular file, else 0
 */
record FileFacts(Kind kind, int mode, long size) {

    enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

    private static final String ATTRIBUTES = "unix:mode,size,isRegularFile,isDirectory,isSymbolicLink";

    /** Reads the path itself (lstat): a symbolic link is reported as {@link Kind#SYMLINK}. */
    static FileFacts ofLink(Path p) throws IOException {
        return read(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads what the path leads to (stat): links are followed. */
    static FileFacts ofTarget(Path p) throws IOException {
        return read(p);
    }

    private static FileFacts read(Path p, LinkOption... options) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, options);
        Kind kind;
        if (Boolean.TRUE.equals(a.get("isSymbolicLink"))) {
            kind = Kind.SYMLINK;
        } else if (Boolean.TRUE.equals(a.get("isDirectory"))) {
            kind = Kind.DIRECTORY;
        } else if (Boolean.TRUE.equals(a.get("isRegularFile"))) {
            kind = Kind.FILE;
        } else {
            kind = Kind.OTHER;
        }
        int mode = ((Integer) a.get("mode")) & 07777;
        long size = kind == Kind.FILE ? (Long) a.get("size") : 0L;
        return new FileFacts(kind, mode, size);
    }
}
