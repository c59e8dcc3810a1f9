package dev.modelkit.oci;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an OCI image layout: a folder, or the same as one tar (an oci-archive). The archive is never extracted: its
 * headers are scanned once to index where each file's bytes start, and blobs are then read straight out of the tar.
 * Nothing here is trusted: index.json and blobs are size-capped or verified by the caller.
 */
public final class OciLayoutReader implements ArtifactSource {

    /** index.json and manifests above this size are refused (registries cap manifests at 4 MiB too). */
    public static final int MAX_DOCUMENT = 4 * 1024 * 1024;

    /** The index.json annotation that tags a manifest. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final Path path;
    private final Map<String, ArchiveEntry> archiveEntries; // null for a folder
    private final String tag;
    private final boolean tagPreferred;
    private final String description;
    private Descriptor manifest;

    private record ArchiveEntry(long offset, long size) {
    }

    private OciLayoutReader(Path path, Map<String, ArchiveEntry> archiveEntries, String tag, boolean tagPreferred,
                            String description, Descriptor manifest) {
        this.path = path;
        this.archiveEntries = archiveEntries;
        this.tag = tag;
        this.tagPreferred = tagPreferred;
        this.description = description != null ? description
                : (archiveEntries == null ? "OCI layout " : "oci-archive ") + path;
        this.manifest = manifest;
    }

    /** Opens a layout folder or an oci-archive file. */
    public static OciLayoutReader open(Path path) throws IOException {
        return open(path, null);
    }

    /**
     * Opens a layout folder or an oci-archive file.
     *
     * @param tag which {@code org.opencontainers.image.ref.name} to read when index.json lists several manifests, or
     *            null to require exactly one
     */
    public static OciLayoutReader open(Path path, String tag) throws IOException {
        return open(path, tag, false);
    }

    /**
     * Opens a layout folder or an oci-archive file, preferring the manifest tagged {@code tag}: when none carries
     * that {@code org.opencontainers.image.ref.name}, the only manifest listed is read (what a push to a new tag
     * needs). Several manifests and none tagged {@code tag} is an error.
     */
    public static OciLayoutReader openPreferringTag(Path path, String tag) throws IOException {
        return open(path, tag, true);
    }

    private static OciLayoutReader open(Path path, String tag, boolean tagPreferred) throws IOException {
        if (Files.isDirectory(path)) {
            return new OciLayoutReader(path, null, tag, tagPreferred, null, null);
        }
        if (Files.isRegularFile(path)) {
            return new OciLayoutReader(path, indexArchive(path), tag, tagPreferred, null, null);
        }
        throw new NoSuchFileException(path.toString(), null, "no OCI layout folder or oci-archive here");
    }

    /**
     * Reads one given manifest of a layout folder that may list many (a store such as kit's {@code storage/}):
     * index.json is not consulted.
     *
     * @param description how messages name the source, e.g. "local store ... model:1.0"
     */
    public static OciLayoutReader forManifest(Path folder, Descriptor manifest, String description)
            throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no OCI layout folder here");
        }
        return new OciLayoutReader(folder, null, null, false, description, manifest);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Descriptor manifestDescriptor() throws IOException {
        if (manifest == null) {
            manifest = chooseManifest(OciJsonReader.index(readFile("index.json"), description() + " index.json"));
        }
        return manifest;
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return openBlob(descriptor, 0);
    }

    /**
     * A blob's stored bytes from {@code offset} on, unverified; each call has its own channel, so blobs may be read
     * concurrently and resumed part-way (a chunked upload).
     */
    public InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        String name = "blobs/sha256/" + descriptor.digest().hex();
        if (archiveEntries == null) {
            Path blob = blobFile(descriptor);
            FileChannel channel = FileChannel.open(blob, StandardOpenOption.READ);
            channel.position(offset);
            return new BufferedInputStream(Channels.newInputStream(channel), 256 * 1024);
        }
        return openEntry(name, "blob " + descriptor.digest(), offset);
    }

    @Override
    public Optional<BlobRegion> blobRegion(Descriptor descriptor) throws IOException {
        if (archiveEntries == null) {
            Path blob = blobFile(descriptor);
            return Optional.of(new BlobRegion(blob, 0, Files.size(blob)));
        }
        ArchiveEntry e = archiveEntry("blobs/sha256/" + descriptor.digest().hex(), "blob " + descriptor.digest());
        return Optional.of(new BlobRegion(path, e.offset(), e.size()));
    }

    /** The chosen manifest's bytes, checked against its descriptor's size and digest. */
    public byte[] manifestBytes() throws IOException {
        Descriptor d = manifestDescriptor();
        return VerifyingInputStream.readSmall(openBlob(d), d, "manifest of " + description, MAX_DOCUMENT);
    }

    @Override
    public void close() {
        // Each blob stream owns its own channel; nothing stays open between calls.
    }

    private byte[] readFile(String name) throws IOException {
        try (InputStream in = archiveEntries == null ? Files.newInputStream(path.resolve(name))
                : openEntry(name, name, 0)) {
            byte[] bytes = in.readNBytes(MAX_DOCUMENT + 1);
            if (bytes.length > MAX_DOCUMENT) {
                throw new IOException(description() + ": " + name + " is larger than " + MAX_DOCUMENT + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "not an OCI layout: no " + name);
        }
    }

    private Descriptor chooseManifest(List<Descriptor> listed) throws IOException {
        List<Descriptor> all = listed.stream()
                .filter(d -> !MediaTypes.OCI_INDEX.equals(d.mediaType()))
                .toList();
        List<Descriptor> manifests = all.stream()
                .filter(d -> tag == null || tag.equals(d.annotations().get(REF_NAME)))
                .toList();
        if (manifests.isEmpty() && tagPreferred) {
            manifests = all;
        }
        Set<Digest> digests = new LinkedHashSet<>();
        manifests.forEach(d -> digests.add(d.digest()));
        if (digests.size() == 1) {
            return manifests.get(0);
        }
        Set<String> tags = new LinkedHashSet<>();
        listed.forEach(d -> tags.add(d.annotations().getOrDefault(REF_NAME, d.digest().toString())));
        if (digests.isEmpty()) {
            throw new IOException(description() + " lists no manifest" + (tag == null ? "" : " tagged '" + tag + "'")
                    + (tags.isEmpty() ? "" : "; it has " + tags));
        }
        throw new IOException(description() + " lists several manifests " + tags + (tag == null ? ""
                : " and none is tagged '" + tag + "'") + ": choose one with a tag");
    }

    /** A blob file of the layout folder; refuses a missing one (or a link, or anything but a regular file). */
    private Path blobFile(Descriptor descriptor) throws IOException {
        Path blob = path.resolve("blobs").resolve("sha256").resolve(descriptor.digest().hex());
        if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(blob.toString(), null, "blob " + descriptor.digest() + " is missing"
                    + " from " + description);
        }
        return blob;
    }

    private ArchiveEntry archiveEntry(String name, String label) throws IOException {
        ArchiveEntry e = archiveEntries.get(name);
        if (e == null) {
            throw new NoSuchFileException(path.toString(), null, label + " is not in the archive");
        }
        return e;
    }

    private InputStream openEntry(String name, String label, long offset) throws IOException {
        ArchiveEntry e = archiveEntry(name, label);
        long start = Math.min(Math.max(0, offset), e.size());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        channel.position(e.offset() + start);
        InputStream raw = Channels.newInputStream(channel);
        return new BufferedInputStream(new BoundedInputStream(raw, e.size() - start), 64 * 1024);
    }

    /** Scans the archive's headers once: name → where its bytes are. Only regular files count. */
    private static Map<String, ArchiveEntry> indexArchive(Path archive) throws IOException {
        Map<String, ArchiveEntry> entries = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024)) {
            TarStreamReader tar = new TarStreamReader(in);
            TarStreamReader.Entry e;
            while ((e = tar.next()) != null) {
                if (e.type() != TarStreamReader.Type.FILE) {
                    continue;
                }
                String name = e.name();
                while (name.startsWith("./")) {
                    name = name.substring(2);
                }
                if (entries.put(name, new ArchiveEntry(e.dataOffset(), e.size())) != null) {
                    throw new IOException("oci-archive " + archive + " holds '" + name + "' twice");
                }
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("oci-archive ")) {
                throw e;
            }
            throw new IOException("oci-archive " + archive + " is not a readable tar: " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Ends after {@code limit} bytes: one tar entry's content. A {@link ReadThroughInputStream}, so a skip cannot jump
     * past the limit on the file channel (a plain {@link java.io.FilterInputStream} hands skips straight through).
     */
    private static final class BoundedInputStream extends ReadThroughInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        /** The file channel would count the rest of the archive. */
        @Override
        public int available() throws IOException {
            return (int) Math.min(left, in.available());
        }
    }
}
