package dev.modelkit.oci;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * An oci-archive written while the layers are packed, so each input byte is read once: a layer's bytes go to its
 * layout blob and, in the same write, to its place in the archive. This works when every layer's length is known
 * before it is written (uncompressed layers) and the layers come first in the archive ({@link OciArchiveOrder}):
 * each layer's entry then starts at a known position, whatever its digest. Every blob name has the same length
 * ({@code blobs/sha256/} and 64 hex digits), so a layer's header has a known length too; it is written once the
 * layout is finished and the digest known.
 *
 * <p>{@link #finish} checks the plan against the finished layout (layer digests distinct and in manifest order,
 * sizes as planned) and completes the archive with the same entries {@link OciArchiveWriter} would copy, so both
 * give identical bytes; when the plan does not hold it reports so and the caller copies the layout instead. The
 * archive is built in a temporary file beside its final name and renamed into place only when complete;
 * {@link #close()} deletes it otherwise.
 */
public final class OciArchiveTee implements AutoCloseable {

    /** Stands for any blob name when lengths are planned: all have this length. */
    private static final String ANY_BLOB = ArchiveFile.BLOBS + "0".repeat(64);

    private final Path archive;
    private final Path temp;
    private final ArchiveFile tar;
    private final byte[] ociLayout;
    private final long[] sizes;
    private final long[] starts;
    private final long[] contents;
    private final long afterLayers;
    private final AtomicIntegerArray filled;
    private boolean finished;

    private OciArchiveTee(Path archive, Path temp, ArchiveFile tar, byte[] ociLayout, long[] sizes, long start) {
        this.archive = archive;
        this.temp = temp;
        this.tar = tar;
        this.ociLayout = ociLayout;
        this.sizes = sizes;
        this.starts = new long[sizes.length];
        this.contents = new long[sizes.length];
        long position = start;
        for (int i = 0; i < sizes.length; i++) {
            starts[i] = position;
            contents[i] = position + ArchiveFile.headerLength(ANY_BLOB, sizes[i]);
            position += ArchiveFile.entryLength(ANY_BLOB, sizes[i]);
        }
        this.afterLayers = position;
        this.filled = new AtomicIntegerArray(sizes.length);
    }

    /**
     * Creates the temporary archive beside {@code archive} and writes its start ({@code oci-layout}, folders).
     *
     * @param layout     the layout being written; its {@code oci-layout} file must be there already
     * @param layerSizes every layer blob's exact length, in manifest order
     */
    public static OciArchiveTee start(Path layout, Path archive, long mtimeSeconds, List<Long> layerSizes)
            throws IOException {
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + archive.getFileName(), ".tmp");
        ArchiveFile tar = null;
        try {
            long[] sizes = layerSizes.stream().mapToLong(Long::longValue).toArray();
            tar = new ArchiveFile(temp, mtimeSeconds, 2 * Arrays.stream(sizes).sum()); // the layout's and its own
            long start = tar.writeStart(layout);
            return new OciArchiveTee(archive, temp, tar, Files.readAllBytes(layout.resolve("oci-layout")), sizes,
                    start);
        } catch (IOException | RuntimeException e) {
            if (tar != null) {
                tar.close();
            }
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Where layer {@code index}'s blob bytes also go; {@link Region#complete()} it when the layer is whole. Several
     * layers' regions may be written at once, each from one thread. Bytes beyond the planned length are dropped (they
     * would overwrite the next entry) and the layer is then left to {@link #finish}, which sees the size differ.
     */
    public Region region(int index) throws IOException {
        return new Region(index);
    }

    /**
     * Completes the archive from the finished layout and renames it to its final name: layers no stream filled
     * (reused from an earlier build) are copied in from their blobs, every layer gets its header, and the other
     * blobs (config, manifest) and index.json follow.
     *
     * @param layerDigests the manifest's layer digests, in order
     * @return false when the layout does not match the plan (a digest twice, a size not as planned): then nothing
     *         is at the archive's name from this tee and its temporary file is gone
     */
    public boolean finish(Path layout, List<Digest> layerDigests) throws IOException {
        tar.drain(); // before anything is written over a region that was not completed
        List<String> order = OciArchiveOrder.blobs(layout);
        Path blobs = layout.resolve("blobs").resolve("sha256");
        if (!matchesPlan(layout, order, layerDigests)) {
            close();
            return false;
        }
        for (int i = 0; i < sizes.length; i++) {
            String name = ArchiveFile.BLOBS + order.get(i);
            long content = tar.writeHeader(starts[i], name, sizes[i]); // as long as the planned name's
            if (filled.get(i) == 0) {
                try (FileChannel in = FileChannel.open(blobs.resolve(order.get(i)), StandardOpenOption.READ)) {
                    tar.copyContent(in, sizes[i], content, name);
                }
            }
            tar.writePadding(content, sizes[i]);
        }
        long position = afterLayers;
        for (String blob : order.subList(sizes.length, order.size())) {
            position = tar.copyFile(position, ArchiveFile.BLOBS + blob, blobs.resolve(blob));
        }
        position = tar.copyFile(position, "index.json", layout.resolve("index.json"));
        tar.writeEnd(position);
        tar.close();
        OciLayoutWriter.moveReplacing(temp, archive);
        finished = true;
        return true;
    }

    private boolean matchesPlan(Path layout, List<String> order, List<Digest> layerDigests) throws IOException {
        if (layerDigests.size() != sizes.length || order.size() < sizes.length
                || !Arrays.equals(ociLayout, Files.readAllBytes(layout.resolve("oci-layout")))) {
            return false;
        }
        Path blobs = layout.resolve("blobs").resolve("sha256");
        for (int i = 0; i < sizes.length; i++) {
            // a layer whose digest came earlier is not in the order again: the names then fall out of step
            if (!order.get(i).equals(layerDigests.get(i).hex()) || Files.size(blobs.resolve(order.get(i))) != sizes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Drops the temporary archive unless {@link #finish} renamed it into place. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                tar.close(); // waits for the writes under way, so the file is not written after it is deleted
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * One layer's content region of the archive, written front to back ({@link ArchiveRange}: its aligned middle
     * around the page cache where the file system allows it, the rest through a channel of its own).
     */
    public final class Region implements AutoCloseable {
        private final int index;
        private final ArchiveRange range;
        private long written;

        private Region(int index) throws IOException {
            this.index = index;
            this.range = tar.range(contents[index], contents[index] + sizes[index]);
        }

        /** Appends bytes to the region. */
        public void write(byte[] b, int off, int len) throws IOException {
            if (fits(len)) {
                range.write(b, off, len);
            }
            written += len;
        }

        /** Appends {@code count} bytes of {@code in} from {@code position}. */
        public void copy(FileChannel in, long position, long count, String name) throws IOException {
            if (fits(count)) {
                range.copy(in, position, count, name);
            }
            written += count;
        }

        private boolean fits(long length) {
            return written + length <= sizes[index];
        }

        /** The layer is whole: it counts as filled when it has exactly the planned length. */
        public void complete() {
            if (written == sizes[index]) {
                filled.set(index, 1);
            }
        }

        @Override
        public void close() throws IOException {
            range.close();
        }
    }
}
