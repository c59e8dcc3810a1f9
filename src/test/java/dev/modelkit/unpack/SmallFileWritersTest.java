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
                files.add(writers.write(content(i, i % 7 == 0 ? 0 : SmallFileWriters.MAX_SIZE - i)));
            }
            writers.finish();
        }
        for (int i = 0; i < count; i++) {
            assertThat(Files.readAllBytes(files.get(i))).as("file %d", i)
                    .isEqualTo(content(i, i % 7 == 0 ? 0 : SmallFileWriters.MAX_SIZE - i));
        }
        // one folder per thread: creates in one folder would wait for each other
        assertThat(files.stream().map(Path::getParent).distinct()).containsExactly(staging.resolve("t0"),
                staging.resolve("t1"));
    }

    @Test
    void aWriteThatFailsIsReportedAndTheThreadsStop() throws Exception {
        Throwable t;
        try (SmallFileWriters writers = new SmallFileWriters(staging, 2)) {
            writers.write(content(0, 10));
            writers.write(content(1, 10));
            writers.finish();
            // the first thread's folder becomes a file: its next create fails on that thread, not on this one
            Files.delete(staging.resolve("t0/0"));
            Files.delete(staging.resolve("t0"));
            Files.writeString(staging.resolve("t0"), "not a folder");
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
            Files.delete(staging.resolve("t0/0"));
            Files.delete(staging.resolve("t0"));
            Files.writeString(staging.resolve("t0"), "not a folder");
            writers.write(content(1, 10));
            Throwable t = null;
            for (int i = 2; i < 10_000 && t == null; i++) {
                t = catchThrowable(() -> writers.write(content(2, 10)));
            }
            assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("t0");
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
