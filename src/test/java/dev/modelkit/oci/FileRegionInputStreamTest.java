package dev.modelkit.oci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A blob's bytes inside a larger file: exactly the region, by small, large and kernel-copied reads alike. */
class FileRegionInputStreamTest {

    @TempDir
    Path dir;
    private final List<FileChannel> channels = new ArrayList<>();

    /** A stream over the region through a channel of its own, closed after the test. */
    FileRegionInputStream open(BlobRegion region, Lockstep.Pace pace) throws IOException {
        FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ);
        channels.add(channel);
        return new FileRegionInputStream(channel, region, pace);
    }

    /** A pace that holds no one back and remembers what it was told. */
    static final class RecordingPace implements Lockstep.Pace {
        final List<Long> positions = new ArrayList<>();
        boolean done;

        @Override
        public void moveTo(long position) {
            positions.add(position);
        }

        @Override
        public void done() {
            done = true;
        }
    }

    @AfterEach
    void closeChannels() throws IOException {
        for (FileChannel c : channels) {
            c.close();
        }
    }

    byte[] file(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(dir.resolve("file"), bytes);
        return bytes;
    }

    @Test
    void readsOnlyTheRegionWhateverTheReadSizes() throws IOException {
        byte[] all = file(1_500_000);
        BlobRegion region = new BlobRegion(dir.resolve("file"), 1000, 1_200_000);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileRegionInputStream in = open(region, Lockstep.Pace.ALONE)) {
            got.write(in.read());
            byte[] small = new byte[777];
            got.write(small, 0, in.read(small));
            byte[] large = new byte[FileRegionInputStream.BUFFER_SIZE * 2];
            int n;
            while ((n = in.read(large, 0, large.length)) >= 0) {
                got.write(large, 0, n);
                if (in.read(small, 0, 0) != 0) {
                    throw new AssertionError("a zero-length read reads nothing");
                }
            }
            assertThat(in.position()).isEqualTo(1_200_000);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(got.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 1000, 1_201_000));
    }

    @Test
    void transferToSendsBufferedBytesThenTheKernelCopiesTheRest() throws IOException {
        byte[] all = file(2_000_000);
        BlobRegion region = new BlobRegion(dir.resolve("file"), 5, 1_900_000);
        Path target = dir.resolve("target");
        try (FileRegionInputStream in = open(region, Lockstep.Pace.ALONE);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] ten = in.readNBytes(10); // fills the buffer: the transfer starts inside it
            in.transferTo(out, 1_000_000);
            assertThat(in.position()).isEqualTo(1_000_010);
            byte[] rest = in.readAllBytes();
            assertThat(ten).isEqualTo(Arrays.copyOfRange(all, 5, 15));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(all, 1_000_015, 1_900_005));
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(Arrays.copyOfRange(all, 15, 1_000_015));
    }

    @Test
    void transferPastTheRegionEndFails() throws IOException {
        file(100_000);
        BlobRegion region = new BlobRegion(dir.resolve("file"), 0, 50_000);
        try (FileRegionInputStream in = open(region, Lockstep.Pace.ALONE);
             FileChannel out = FileChannel.open(dir.resolve("t"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> in.transferTo(out, 50_001)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("1 bytes early");
        }
    }

    @Test
    void aFileShorterThanItsRegionEndsWhereTheFileDoes() throws IOException {
        byte[] all = file(30_000);
        BlobRegion region = new BlobRegion(dir.resolve("file"), 10_000, 50_000);
        try (FileRegionInputStream in = open(region, Lockstep.Pace.ALONE)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 10_000, 30_000));
        }
        try (FileRegionInputStream in = open(region, Lockstep.Pace.ALONE);
             FileChannel out = FileChannel.open(dir.resolve("t"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> in.transferTo(out, 50_000)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void skipMovesThroughBufferAndFile() throws IOException {
        byte[] all = file(1_000_000);
        try (FileRegionInputStream in = open(new BlobRegion(dir.resolve("file"), 0, 1_000_000),
                Lockstep.Pace.ALONE)) {
            in.read();
            assertThat(in.skip(500_000)).isEqualTo(500_000);
            assertThat(in.read()).isEqualTo(all[500_001] & 0xff);
            assertThat(in.skip(2_000_000)).isEqualTo(1_000_000 - 500_002);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void tellsItsPaceEveryReadAheadOfTimeAndWhenItIsDone() throws IOException {
        file(3_000_000);
        RecordingPace recording = new RecordingPace();
        List<Long> positions = recording.positions;
        try (FileRegionInputStream in = open(new BlobRegion(dir.resolve("file"), 100, 2_900_000),
                recording); FileChannel out = FileChannel.open(dir.resolve("t"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            in.read();
            assertThat(positions).containsExactly((long) FileRegionInputStream.BUFFER_SIZE);
            in.transferTo(out, 2_000_000);
            in.readAllBytes();
            assertThat(recording.done).isFalse();
        }
        assertThat(recording.done).isTrue();
        assertThat(positions).isSorted().last().isEqualTo(2_900_000L);
    }

    @Test
    void aTransferLongerThanOneStepGoesInSeveralStepsEachAnnounced() throws IOException {
        int size = (int) (FileRegionInputStream.TRANSFER_STEP * 2 + 12345);
        byte[] all = file(size + 100);
        RecordingPace recording = new RecordingPace();
        List<Long> positions = recording.positions;
        Path target = dir.resolve("big");
        try (FileRegionInputStream in = open(new BlobRegion(dir.resolve("file"), 100, size), recording);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(out, size);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(positions).containsExactly(FileRegionInputStream.TRANSFER_STEP,
                2 * FileRegionInputStream.TRANSFER_STEP, (long) size);
        assertThat(Files.readAllBytes(target)).isEqualTo(Arrays.copyOfRange(all, 100, 100 + size));
    }

    /**
     * Copied around the page cache: the buffered bytes first, the rest read straight into the copy's buffers, each
     * read announced to the pace; the region's later bytes are still there for the next reads.
     */
    @Test
    void copyToAroundTheCacheStartsInsideTheBufferAndAnnouncesItsReads() throws IOException {
        int size = 3 * UncachedCopies.CHUNK + 4321;
        byte[] all = file(size + 200_000);
        RecordingPace recording = new RecordingPace();
        Path target = Files.createFile(dir.resolve("copied"));
        UncachedCopies copies = UncachedCopies.open(0);
        try (FileRegionInputStream in = open(new BlobRegion(dir.resolve("file"), 7, size + 100_000), recording)) {
            byte[] ten = in.readNBytes(10);
            in.copyTo(target, size, copies);
            assertThat(in.position()).isEqualTo(10L + size);
            assertThat(ten).isEqualTo(Arrays.copyOfRange(all, 7, 17));
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 17 + size, size + 100_007));
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(Arrays.copyOfRange(all, 17, 17 + size));
        assertThat(copies.directWrites()).isPositive();
        assertThat(recording.positions).isSorted().hasSizeGreaterThan(4).last().isEqualTo(size + 100_000L);
        assertThat(recording.positions.get(1)).as("the first chunk's read").isEqualTo(UncachedCopies.CHUNK + 10L);
    }

    @Test
    void copyToFailsWhereTheRegionOrTheFileEndsFirst() throws IOException {
        file(3 * UncachedCopies.CHUNK);
        UncachedCopies copies = UncachedCopies.open(0);
        try (FileRegionInputStream in = open(new BlobRegion(dir.resolve("file"), 0, 2 * UncachedCopies.CHUNK),
                Lockstep.Pace.ALONE)) {
            // counted for the whole copy, not the chunk it would fail in
            long missing = UncachedCopies.CHUNK + 1_000_000;
            assertThatThrownBy(() -> in.copyTo(Files.createFile(dir.resolve("a")), 2L * UncachedCopies.CHUNK
                    + missing, copies)).isInstanceOf(EOFException.class)
                    .hasMessageContaining(" " + missing + " bytes early");
        }
        // the region says more than the file holds
        try (FileRegionInputStream in = open(new BlobRegion(dir.resolve("file"), 0, 4 * UncachedCopies.CHUNK),
                Lockstep.Pace.ALONE)) {
            assertThatThrownBy(() -> in.copyTo(Files.createFile(dir.resolve("b")), 4L * UncachedCopies.CHUNK,
                    copies)).isInstanceOf(EOFException.class).hasMessageContaining("bytes early");
        }
    }
}
