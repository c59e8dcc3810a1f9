package dev.modelkit.pack;

import dev.modelkit.kitfile.KitPaths;
import dev.modelkit.kitfile.LayerElement;
import dev.modelkit.layer.FileContentSink;
import dev.modelkit.layer.SymlinkPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A raw layer: the blob is the single file's own bytes (optionally compressed), so its diffId is the file's sha256.
 * The file is read once, hashed while it is copied into the layout.
 */
final class RawLayer {

    /** The file a raw layer packs, checked: a regular file inside the context. */
    record Source(Path file, String relativePath, String name, int mode, long size) {
    }

    private RawLayer() {
    }

    static Source resolve(Path contextDirectory, LayerElement element, SymlinkPolicy symlinks) throws PackException,
            IOException {
        String relative = element.cleanedPath();
        if (relative.equals(".") || relative.startsWith("/") || KitPaths.escapes(relative)) {
            throw notAFile(element, "is not a single file inside the context directory");
        }
        Path file = contextDirectory.resolve(relative);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new PackException("path " + element.path() + " does not exist (" + element.label() + ")");
        }
        if (Files.isSymbolicLink(file) && symlinks != SymlinkPolicy.FOLLOW) {
            throw notAFile(element, "is a symbolic link (symlinks=" + symlinks.name().toLowerCase()
                    + " cannot leave a raw layer out; use symlinks=follow to pack its target)");
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw notAFile(element, attributes.isDirectory()
                    ? "is a folder; raw layers hold one file each: give every file its own Kitfile entry"
                    + " (mvn modelkit:init -Dmodelkit.init.depth=-1 writes such a Kitfile)"
                    : "is not a regular file");
        }
        int mode = ((Integer) Files.getAttribute(file, "unix:mode")) & 0777;
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return new Source(file, relative, name, mode, attributes.size());
    }

    private static PackException notAFile(LayerElement element, String why) {
        return new PackException("layerFormat=raw: " + element.label() + " path " + element.path() + " " + why);
    }

    /** A raw layer's content: the file's bytes, which must still have the size planned. */
    static LayerBlobWriter.Content of(Source source) {
        return out -> {
            if (out instanceof FileContentSink sink && sink.copiesDirectly(source.size())) {
                sink.copyFile(source.file(), source.size(), source.relativePath(), n -> { });
                return;
            }
            try (InputStream in = Files.newInputStream(source.file())) {
                copy(in, out, source);
            }
        };
    }

    private static void copy(InputStream in, OutputStream out, Source source) throws IOException {
        long copied = in.transferTo(out);
        if (copied != source.size()) {
            throw new IOException("file " + source.relativePath() + " changed size while it was packed (expected "
                    + source.size() + " bytes, read " + copied + ")");
        }
    }
}
