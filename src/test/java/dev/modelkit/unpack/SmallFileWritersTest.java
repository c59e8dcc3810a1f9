package dev.modelkit.unpack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Timeout(60)
class SmallFileWritersTest {

    @TempDir
    Path staging;

    @Test
    void everyFileHoldsItsContentOnceFinished() throws Exception {
        List<Path> files = new ArrayList<>();
        // more bytes than may wait at once: writes must free their share for later ones
        int count = 3 * SmallFileWriters.MAX_BYTES_IN_FLIGHT / SmallFileWriters.MAX_SIZE + 5;
        try (SmallFileWriters writers = new SmallFileWriters(staging, 2)) {
            for (int i = 0; i < count; i++) {
                files.add(writers.write(content(i, size(i))));
            }
            writers.finish();
        }
        for (int i = 0; i < count; i++) {
            assertThat(Files.readAllBytes(files.get(i))).as("file %d", i)
                    .isEqualTo(content(i, size(i)));
        }
        // one folder per thread: creates in one folder would wait for each other
        assertThat(files.stream().map(Path::getParent).distinct()).containsExactly(staging.resolve("t0"),
                staging.resolve("t1"));
    }

    @Test
    void aWriteThatFailsIsReportedByFinish() throws Exception {
        Throwable t;
        try (SmallFileWriters writers = new SmallFileWriters(staging, 2)) {
            writers.write(content(0, 10));
            writers.write(content(1, 10));
            writers.finish();
            // the first thread's folder becomes a file: its next create fails on that thread, not on this one
            replaceFirstFolderWithAFile();
            writers.write(content(2, 10));
            t = catchThrowable(writers::finish);
        }
        assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("t0");
        assertThat(staging.resolve("t1/1")).exists();
    }

    @Test
    void aFailureSurfacesAtALaterWriteAtTheLatest() throws Exception {
        try (SmallFileWriters writers = new SmallFileWriters(staging, 1)) {
            writers.write(content(0, 10));
            writers.finish();
            replaceFirstFolderWithAFile();
            writers.write(content(1, 10));
            Throwable t = null;
            long deadline = System.nanoTime() + 10_000_000_000L; // however slowly the thread gets to it
            while (t == null && System.nanoTime() < deadline) {
                t = catchThrowable(() -> writers.write(content(2, 10)));
            }
            assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("t0");
        }
    }

    /**
     * Closed with thousands of files still queued (as when another layer fails): once close returns, the threads are
     * gone and no file appears any more, so the staging folder can be deleted under nobody.
     */
    @Test
    void closeStopsTheThreadsBeforeItReturns() throws Exception {
        try (SmallFileWriters writers = new SmallFileWriters(staging, 2)) {
            for (int i = 0; i < 5_000; i++) {
                writers.write(content(i, 100));
            }
        }
        // a terminated pool's thread may take a moment to leave run(); an idle one would stay a second
        long deadline = System.nanoTime() + 200_000_000L;
        while (writerThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(writerThreadAlive()).isFalse();
        long before = fileCount();
        Thread.sleep(300);
        assertThat(fileCount()).isEqualTo(before);
    }

    /** Empty, exactly the largest size, and just below it. */
    private static int size(int i) {
        return i % 7 == 0 ? 0 : SmallFileWriters.MAX_SIZE + 1 - i;
    }

    /** The first thread's folder (holding its one file, 0) becomes a file: that thread's creates fail from now. */
    private void replaceFirstFolderWithAFile() throws IOException {
        Files.delete(staging.resolve("t0/0"));
        Files.delete(staging.resolve("t0"));
        Files.writeString(staging.resolve("t0"), "not a folder");
    }

    private static boolean writerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("modelkit-unpack-files") && thread.isAlive());
    }

    private long fileCount() throws IOException {
        try (var files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] content(int seed, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) seed);
        if (size > 0) {
            bytes[size - 1] = (byte) (seed >> 8);
        }
        return bytes;
    }
}
