package dev.modelkit.layer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a tar layer, in the order kit writes it.
 *
 * @param name   the tar name: relative to the context folder, '/'-separated, no "./" prefix, no trailing slash
 * @param type   file or directory (kit writes nothing else)
 * @param mode   permission bits including setuid/setgid/sticky (mask 07777), no file-type bits
 * @param size   content length for a file, 0 for a directory
 * @param source where the content is read from (for a followed symlink: the link itself); null for a directory
 */
public record LayerEntry(String name, Type type, int mode, long size, Path source) {

    public enum Type { FILE, DIRECTORY }

    public LayerEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode has bits outside 07777: " + Integer.toOctalString(mode));
        }
        if (type == Type.DIRECTORY && size != 0) {
            throw new IllegalArgumentException("a directory has no size: " + name);
        }
        if (type == Type.FILE && source == null) {
            throw new IllegalArgumentException("a file entry needs a source: " + name);
        }
    }

    public static LayerEntry directory(String name, int mode) {
        return new LayerEntry(name, Type.DIRECTORY, mode, 0, null);
    }

    public static LayerEntry file(String name, int mode, long size, Path source) {
        return new LayerEntry(name, Type.FILE, mode, size, source);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
