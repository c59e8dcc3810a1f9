package dev.modelkit.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What tells one version of a file from another without reading it: which file the name points at (file key: device
 * and inode), its size, its modification time and, where the file system has one, its change time (which no user tool
 * can set back, unlike the modification time). Compared before and after two threads read the same file at different
 * moments, it refuses a file changed in place meanwhile: the bytes one thread hashed might not be those the other
 * copied.
 */
public record FileVersion(Object fileKey, long size, Object modified, Object changed) {

    public static FileVersion of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object changed;
        try {
            changed = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            changed = a.creationTime(); // no "unix" view (Windows): the best stand-in there is
        }
        return new FileVersion(a.fileKey(), a.size(), a.lastModifiedTime(), changed);
    }
}
