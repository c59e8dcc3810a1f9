package dev.modelkit.unpack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelkit.Futures;
import dev.modelkit.NewFiles;
import dev.modelkit.layer.Compression;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.BackgroundBlobHash;
import dev.modelkit.oci.BackgroundWriteOutputStream;
import dev.modelkit.oci.BlobRegion;
import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.HashingInputStream;
import dev.modelkit.oci.OciJsonReader;
import dev.modelkit.oci.ReadAheadInputStream;
import dev.modelkit.oci.TarStreamReader;
import dev.modelkit.oci.UncachedCopies;
import dev.modelkit.oci.VerifyingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Extracts one layer out of its source into the staging folder: its tar entries (or its raw bytes) are written to
 * numbered staging files while the blob is hashed against its digest and size (and, when compressed, its content
 * against its diffId). An uncompressed blob in a local file is untarred and hashed on two threads
 * ({@link #extractLocal}); anything else streams through once ({@link #extractStream}). Only regular files and
 * folders with safe names are accepted. Memory stays at a few buffers whatever the layer's size, plus at most
 * {@link SmallFileWriters#MAX_BYTES_IN_FLIGHT} of small files waiting for the threads that create them.
 */
final class LayerExtractor {

    private final ArtifactSource source;
    private final Path staging;
    private final long lockstepWindow;
    /** Copies large files around the page cache; null to have the kernel copy them through it. */
    private final UncachedCopies copies;
    private int counter;
    /** Files (and blobs) at least this large are written (read) on a thread of their own. */
    private static final long OWN_THREAD_FROM = 4L * 1024 * 1024;
    /** Threads creating a layer's small files (see {@link SmallFileWriters}). */
    private static final int SMALL_FILE_THREADS = 2;

    private final byte[] buffer = new byte[256 * 1024];

    LayerExtractor(ArtifactSource source, Path staging, long lockstepWindow, UncachedCopies copies) {
        this.source = source;
        this.staging = staging;
        this.lockstepWindow = lockstepWindow;
        this.copies = copies;
    }

    StagedLayer extract(PlannedLayer layer) throws UnpackException, IOException {
        boolean compressed = layer.type().compression() != Compression.NONE;
        Optional<BlobRegion> region = compressed ? Optional.empty() : source.blobRegion(layer.descriptor());
        return region.isPresent() ? extractLocal(layer, region.get()) : extractStream(layer);
    }

    /**
     * An uncompressed blob in a local file (a layout, an archive) is read twice at once
     * ({@link BackgroundBlobHash#read}): this thread untars it, file contents going straight from the blob's file to
     * the staged files (large ones read into buffers outside the heap and written around the page cache by
     * {@link UncachedCopies}, smaller ones copied by the kernel), while another thread hashes it. On two cores that is
     * about half the work of {@link #extractStream}, which passes every byte through the heap twice and hashes on the
     * thread that writes.
     * The staged files are trusted only once the hash has checked out: the caller commits them after this returns.
     */
    private StagedLayer extractLocal(PlannedLayer layer, BlobRegion region) throws UnpackException, IOException {
        Descriptor d = layer.descriptor();
        String label = layer.label() + " " + d.digest();
        try {
            List<StagedLayer.Entry> entries = BackgroundBlobHash.read(region, d, layer.label(), lockstepWindow,
                    // A raw blob is copied to its declared size: a longer file is the hasher's to report, every time.
                    bytes -> layer.type().raw()
                            ? stageRaw(layer, label, () -> stage(file -> bytes.copyTo(file, d.size(), copies)),
                            bytes::position)
                            : stageTar(layer, label, bytes, true));
            return new StagedLayer(layer, entries, diffIdWarnings(layer, d.digest()));
        } catch (BlobVerificationException e) {
            throw new UnpackException(e.getMessage(), e);
        } catch (IOException e) {
            if (Futures.stopping(e)) {
                throw e; // the unpack is being stopped
            }
            throw new UnpackException(label + " (" + d.mediaType() + ") cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Any other blob (compressed, or from a registry) streams through once: hashed against its digest and size,
     * decompressed, hashed again against its diffId, untarred.
     */
    private StagedLayer extractStream(PlannedLayer layer) throws UnpackException, IOException {
        Descriptor d = layer.descriptor();
        String label = layer.label() + " " + d.digest();
        // A large blob is read ahead on a thread of its own, so reading overlaps hashing, untarring and writing.
        InputStream stored = d.size() >= OWN_THREAD_FROM ? new ReadAheadInputStream(source.openBlob(d))
                : source.openBlob(d);
        VerifyingInputStream blob = new VerifyingInputStream(stored, d, layer.label());
        // Closed in finally, not by try-with-resources: the catch below still reads the rest of the blob.
        try {
            // An uncompressed blob is its own content: its digest is the diffId, so it is hashed once, not twice.
            boolean compressed = layer.type().compression() != Compression.NONE;
            HashingInputStream decompressed = compressed
                    ? new HashingInputStream(decompress(layer.type().compression(), blob)) : null;
            InputStream plain = compressed ? decompressed : blob;
            LongSupplier count = compressed ? decompressed::count : blob::count;
            List<StagedLayer.Entry> entries = layer.type().raw()
                    ? stageRaw(layer, label, () -> stage(plain, d.size()), count)
                    : stageTar(layer, label, plain, false);
            Digest diffId = compressed ? decompressed.finish() : d.digest();
            blob.verifyToEnd();
            return new StagedLayer(layer, entries, diffIdWarnings(layer, diffId));
        } catch (BlobVerificationException e) {
            throw new UnpackException(e.getMessage(), e);
        } catch (UnpackException e) {
            throw e;
        } catch (IOException e) {
            if (Futures.stopping(e)) {
                throw e; // the unpack is being stopped: reading the rest of the blob would only delay it
            }
            // A damaged blob usually shows first as a decompression or tar error: report the real cause if so.
            try {
                blob.verifyToEnd();
            } catch (BlobVerificationException bad) {
                throw new UnpackException(bad.getMessage(), bad);
            } catch (IOException ignored) {
                // the original error says more
            }
            throw new UnpackException(label + " (" + d.mediaType() + ") cannot be read: " + e.getMessage(), e);
        } finally {
            blob.close();
        }
    }

    private static InputStream decompress(Compression compression, InputStream in) throws IOException {
        return switch (compression) {
            case NONE -> in;
            case GZIP, GZIP_FASTEST -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new io.airlift.compress.zstd.ZstdInputStream(new ZstdFrameGuard(in));
        };
    }

    /**
     * @param fileToFile whether {@code in} is a {@link dev.modelkit.oci.FileRegionInputStream}, whose file contents
     *                   go file to file
     */
    private List<StagedLayer.Entry> stageTar(PlannedLayer layer, String label, InputStream in, boolean fileToFile)
            throws IOException, UnpackException {
        try (SmallFileWriters small = new SmallFileWriters(staging, SMALL_FILE_THREADS)) {
            List<StagedLayer.Entry> entries = untar(layer, label, in, fileToFile, small);
            small.finish(); // the small files exist once this returns
            return entries;
        }
    }

    /** Stages each entry: small files through {@code small}, larger ones on this thread. */
    private List<StagedLayer.Entry> untar(PlannedLayer layer, String label, InputStream in, boolean fileToFile,
                                          SmallFileWriters small) throws IOException, UnpackException {
        List<String> base = OutputTree.components(layer.baseDir(), label + " base folder");
        TarStreamReader tar = new TarStreamReader(in);
        List<StagedLayer.Entry> entries = new ArrayList<>();
        Set<String> files = new HashSet<>();
        Set<String> folders = new HashSet<>();
        TarStreamReader.Entry e;
        while ((e = tar.next()) != null) {
            String what = label + ": entry '" + e.name() + "'";
            refuseType(e, what);
            List<String> path = new ArrayList<>(base);
            path.addAll(OutputTree.components(e.name(), what));
            if (path.isEmpty()) {
                if (e.type() == TarStreamReader.Type.DIRECTORY) {
                    continue; // "." or "./": the output folder itself
                }
                throw new UnpackException(what + " names the output folder itself");
            }
            String key = String.join("/", path);
            for (int i = 1; i < path.size(); i++) {
                String parent = String.join("/", path.subList(0, i));
                if (files.contains(parent)) {
                    throw new UnpackException(what + " lies below '" + parent + "', which this layer holds as a file");
                }
                folders.add(parent);
            }
            if (e.type() == TarStreamReader.Type.DIRECTORY) {
                if (files.contains(key)) {
                    throw new UnpackException(what + " is a folder and a file in the same layer");
                }
                folders.add(key);
                entries.add(new StagedLayer.Entry(path, e.name(), null, e.mode() & 0777));
                continue;
            }
            if (files.contains(key) || folders.contains(key)) {
                throw new UnpackException(what + " appears twice in the layer");
            }
            files.add(key);
            Path staged;
            if (e.size() <= SmallFileWriters.MAX_SIZE) {
                // a tar that ends inside the entry throws here (EntryContent), as it does for larger files
                staged = small.write(tar.content().readNBytes((int) e.size()));
            } else {
                staged = fileToFile ? stage(file -> tar.copyContentTo(file, copies)) : stage(tar.content(), e.size());
            }
            entries.add(new StagedLayer.Entry(path, e.name(), staged, e.mode() & 0777));
        }
        return entries;
    }

    private static void refuseType(TarStreamReader.Entry e, String what) throws UnpackException {
        String problem = switch (e.type()) {
            case FILE, DIRECTORY -> null;
            case SYMLINK -> "is a symbolic link (to '" + e.linkName() + "')";
            case HARDLINK -> "is a hard link (to '" + e.linkName() + "')";
            case CHAR_DEVICE, BLOCK_DEVICE -> "is a device";
            case FIFO -> "is a FIFO";
            case OTHER -> "has the unsupported tar type '" + e.typeflag() + "'";
        };
        if (problem != null) {
            throw new UnpackException(what + " " + problem + "; only regular files and folders are unpacked");
        }
    }

    /** A raw layer is one file: its name comes from the filepath annotation, its mode from the metadata one. */
    private List<StagedLayer.Entry> stageRaw(PlannedLayer layer, String label, Stager content, LongSupplier count)
            throws IOException, UnpackException {
        Descriptor d = layer.descriptor();
        String name = LayerAnnotations.filePath(d);
        if (name == null) {
            throw new UnpackException(label + " is a raw layer with no org.cncf.model.filepath annotation");
        }
        List<String> path = OutputTree.components(name, label + ": raw file path '" + name + "'");
        if (path.isEmpty()) {
            throw new UnpackException(label + ": raw file path '" + name + "' names the output folder itself");
        }
        RawMetadata meta = RawMetadata.of(d, label);
        Path staged = content.stage();
        if (meta.size() != null && meta.size() != count.getAsLong()) {
            throw new UnpackException(label + ": raw file '" + name + "' has " + count.getAsLong()
                    + " bytes but its metadata says " + meta.size());
        }
        return List.of(new StagedLayer.Entry(path, name, staged, meta.mode()));
    }

    /**
     * Writes one file into the staging folder: a raw layer's, or a tar entry too large for {@link SmallFileWriters}.
     * A large file is written by a thread of its own, so the file system's work overlaps with reading, verifying and
     * decompressing the next bytes; smaller ones are not worth a thread.
     *
     * @param size the expected length (a hint: the entry's or blob's declared size)
     */
    private Path stage(InputStream content, long size) throws IOException {
        Path file = staging.resolve(Integer.toString(counter++));
        OutputStream direct = NewFiles.outputStream(file);
        try (OutputStream out = size >= OWN_THREAD_FROM ? new BackgroundWriteOutputStream(direct) : direct) {
            // Large reads and writes: InputStream.transferTo's 8 KiB steps cost a call through every stream layer.
            int n;
            while ((n = content.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
            }
        }
        return file;
    }

    /** Writes one staged file straight from the blob's file: copied by the kernel, or around the page cache. */
    private Path stage(FileContent content) throws IOException {
        Path file = Files.createFile(staging.resolve(Integer.toString(counter++)));
        content.writeTo(file);
        return file;
    }

    /** Stages a raw layer's one file, whichever way its bytes arrive. */
    private interface Stager {
        Path stage() throws IOException;
    }

    /** Writes a file's whole content into a new, empty file. */
    private interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    /**
     * A diffId that disagrees with the bytes only warns: the blob digests already hold (verified above), and kit 1.10
     * writes ModelPack configs whose diffIds are the sha256 of the text "sha256:&lt;hex&gt;". The warnings are logged
     * when the layer is moved into place (layers are extracted on several threads; the log keeps layer order).
     */
    private static List<String> diffIdWarnings(PlannedLayer layer, Digest actual) {
        List<String> warnings = new ArrayList<>();
        if (layer.kitfileDiffId() != null && !layer.kitfileDiffId().equals(actual)) {
            warnings.add(layer.label() + ": uncompressed content is " + actual + " but the Kitfile records diffId "
                    + layer.kitfileDiffId() + "; the blob digest matches, so unpacking goes on");
        }
        if (layer.configDiffId() != null && !layer.configDiffId().equals(actual)) {
            warnings.add(layer.label() + ": uncompressed content is " + actual + " but the ModelPack config records"
                    + " diffId " + layer.configDiffId() + " (kit 1.10 writes wrong ones); the blob digest matches,"
                    + " so unpacking goes on");
        }
        return warnings;
    }

    /** What {@code org.cncf.model.file.metadata+json} says about a raw file (lenient: unknown fields ignored). */
    record RawMetadata(int mode, Long size) {

        static RawMetadata of(Descriptor d, String label) throws UnpackException {
            String json = LayerAnnotations.fileMetadata(d);
            if (json == null) {
                return new RawMetadata(0644, null);
            }
            try {
                JsonNode node = OciJsonReader.tree(json.getBytes(StandardCharsets.UTF_8), label + " file metadata");
                int mode = node.has("mode") ? node.get("mode").asInt(0644) & 0777 : 0644;
                Long size = node.has("size") && node.get("size").canConvertToLong() ? node.get("size").asLong() : null;
                return new RawMetadata(mode, size);
            } catch (IOException e) {
                throw new UnpackException(e.getMessage(), e);
            }
        }
    }
}
