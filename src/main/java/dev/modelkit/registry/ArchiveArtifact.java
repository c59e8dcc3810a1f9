package dev.modelkit.registry;

import dev.modelkit.oci.Descriptor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A ModelKit in an uncompressed oci-archive tar. The tar is indexed once; each blob is then read straight from its
 * data offset through its own channel, so parallel and chunked uploads need no unpacked copy.
 */
final class ArchiveArtifact implements LocalArtifact {

    private record Entry(long offset, long size) {
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private final Descriptor manifest;
    private final byte[] manifestBytes;

    private ArchiveArtifact(Path file, Map<String, Entry> entries, Descriptor manifest, byte[] manifestBytes) {
        this.file = file;
        this.entries = entries;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
    }

    static ArchiveArtifact open(Path file, String tag) throws IOException {
        String source = "oci-archive " + file;
        Map<String, Entry> entries = new HashMap<>();
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                if (e.isFile() && !e.isSparse()) {
                    String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                    entries.put(name, new Entry(e.getDataOffset(), e.getSize()));
                }
            }
        } catch (IOException e) {
            throw new IOException("Cannot read " + source + " as a tar (compressed archives are not supported): "
                    + e.getMessage(), e);
        }
        if (!entries.containsKey("index.json")) {
            throw new IOException("No index.json at the root of " + source + ": not an oci-archive");
        }
        byte[] index = read(file, entries.get("index.json"));
        Descriptor m = IndexSelection.pick(index, tag, source);
        Entry me = entries.get(blobName(m));
        if (me == null) {
            throw new IOException("The manifest " + m.digest() + " is missing from " + source);
        }
        return new ArchiveArtifact(file, entries, m, IndexSelection.checkedManifest(read(file, me), m, source));
    }

    private static String blobName(Descriptor d) {
        return "blobs/sha256/" + d.digest().hex();
    }

    private static byte[] read(Path file, Entry e) throws IOException {
        if (e.size() > 64L * 1024 * 1024) {
            throw new IOException("index.json or manifest in " + file + " is implausibly large (" + e.size() + ")");
        }
        try (InputStream in = slice(file, e, 0)) {
            return in.readAllBytes();
        }
    }

    private static InputStream slice(Path file, Entry e, long offset) throws IOException {
        SeekableByteChannel ch = Files.newByteChannel(file);
        ch.position(e.offset() + offset);
        return new BoundedInputStream(Channels.newInputStream(ch), Math.max(0, e.size() - offset));
    }

    @Override
    public String description() {
        return "oci-archive " + file;
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
        Entry e = entries.get(blobName(blob));
        if (e == null) {
            throw new IOException("Blob " + blob.digest() + " is missing from " + description());
        }
        return slice(file, e, offset);
    }

    @Override
    public void close() {
    }

    /** Stops at the tar entry's end, so a reader never runs into the next entry's header. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(n, remaining));
            remaining -= s;
            return s;
        }
    }
}
