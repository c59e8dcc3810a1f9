package dev.modelkit.registry;

import dev.modelkit.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A ModelKit in an OCI image layout folder. */
final class LayoutArtifact implements LocalArtifact {

    private final Path root;
    private final Descriptor manifest;
    private final byte[] manifestBytes;

    private LayoutArtifact(Path root, Descriptor manifest, byte[] manifestBytes) {
        this.root = root;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
    }

    static LayoutArtifact open(Path root, String tag) throws IOException {
        String source = "layout " + root;
        Path index = root.resolve("index.json");
        if (!Files.isRegularFile(index)) {
            throw new IOException("No index.json in " + root + ": not an OCI image layout");
        }
        Descriptor m = IndexSelection.pick(Files.readAllBytes(index), tag, source);
        Path blob = blobPath(root, m);
        if (!Files.isRegularFile(blob)) {
            throw new IOException("The manifest " + m.digest() + " is missing from " + source);
        }
        return new LayoutArtifact(root, m, IndexSelection.checkedManifest(Files.readAllBytes(blob), m, source));
    }

    private static Path blobPath(Path root, Descriptor d) {
        return root.resolve("blobs").resolve("sha256").resolve(d.digest().hex());
    }

    @Override
    public String description() {
        return "layout " + root;
    }

    @Override
    public Descriptor manifestDescriptor() {
        return manifest;
    }

    @Override
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    @Override
    public InputStream open(Descriptor blob, long offset) throws IOException {
        try {
            SeekableByteChannel ch = Files.newByteChannel(blobPath(root, blob));
            ch.position(offset);
            return Channels.newInputStream(ch);
        } catch (NoSuchFileException e) {
            throw new IOException("Blob " + blob.digest() + " is missing from " + description(), e);
        }
    }

    @Override
    public void close() {
    }
}
