package dev.modelkit.oci;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An uncompressed blob made of written bytes and whole files copied by the kernel: the file holds exactly what was
 * given, in order, and the digest is that of the file; a file that changes, shrinks or grows while it is copied and
 * hashed fails the blob. Each case runs with the usual lockstep window and with one far smaller than a file, so the
 * copy and the hash wait for each other.
 */
@Timeout(120)
class DirectBlobStreamTest {

    @TempDir
    Path dir;

    static Stream<Arguments> ways() {
        return Stream.of(Arguments.of("64 MiB window", Lockstep.WINDOW), Arguments.of("4 KiB window", 4096L));
    }

    byte[] randomFile(String name, int size, int seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.write(dir.resolve(name), bytes);
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void writesBytesAndFilesInOrderAndHashesThem(String way, long window) throws IOException {
        // past one lockstep window and one copy step, and not a multiple of either
        byte[] big = randomFile("big", (int) Lockstep.WINDOW + 9 * 1024 * 1024 + 77, 1);
        byte[] other = randomFile("other", (int) DirectBlobStream.DIRECT_FROM, 2);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path blob = Files.createFile(dir.resolve("blob"));
        List<Long> steps = new ArrayList<>();
        try (DirectBlobStream out = new DirectBlobStream(blob, null, window)) {
            assertThat(out.copiesDirectly(DirectBlobStream.DIRECT_FROM)).isTrue();
            assertThat(out.copiesDirectly(DirectBlobStream.DIRECT_FROM - 1)).isFalse();
            byte[] header = "a header".getBytes();
            out.write(header);
            expected.write(header);
            out.copyFile(dir.resolve("big"), big.length, "big", steps::add);
            expected.write(big);
            out.write(7);
            expected.write(7);
            byte[] many = new byte[700_000]; // more than the buffers the hasher may hold at once
            new Random(3).nextBytes(many);
            out.write(many);
            expected.write(many);
            out.copyFile(dir.resolve("other"), other.length, "other", n -> { });
            expected.write(other);
            out.close();
            assertThat(out.count()).isEqualTo(expected.size());
            assertThat(out.digest()).isEqualTo(Digest.of(expected.toByteArray()));
        }
        assertThat(Files.readAllBytes(blob)).isEqualTo(expected.toByteArray());
        assertThat(steps.stream().mapToLong(Long::longValue).sum()).isEqualTo(big.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void aFileChangedInPlaceWhileCopiedFailsTheBlob(String way, long window)
            throws IOException {
        byte[] big = randomFile("big", 20 * 1024 * 1024, 4);
        LongConsumer rewriteOnce = afterFirstStep(f -> {
            f.seek(big.length - 10);
            f.write(new byte[] {1, 2, 3}); // same size: only the times tell
        });
        assertThatThrownBy(() -> copyOnce(window, big.length, rewriteOnce))
                .isInstanceOf(IOException.class).hasMessage("file big changed while it was packed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void aFileCutShortWhileCopiedFailsTheBlob(String way, long window) throws IOException {
        byte[] big = randomFile("big", 20 * 1024 * 1024, 5);
        LongConsumer truncateOnce = afterFirstStep(f -> f.setLength(9 * 1024 * 1024));
        assertThatThrownBy(() -> copyOnce(window, big.length, truncateOnce))
                .isInstanceOf(IOException.class).hasMessageContaining("file big ")
                .hasMessageMatching("file big (shrank|changed|changed size) while it was packed.*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void aFileOfAnotherSizeThanPlannedFailsBeforeItIsCopied(String way, long window)
            throws IOException {
        byte[] big = randomFile("big", 2 * 1024 * 1024, 6);
        assertThatThrownBy(() -> copyOnce(window, big.length - 1, n -> { }))
                .isInstanceOf(IOException.class).hasMessage("file big changed size while it was packed ("
                        + (big.length - 1) + " bytes when the layer was planned, " + big.length + " now)");
    }

    /** A change to the file "big". */
    private interface FileChange {
        void apply(RandomAccessFile file) throws IOException;
    }

    /** A progress listener that changes the file "big" once, after the copy's first step. */
    private LongConsumer afterFirstStep(FileChange change) {
        return new LongConsumer() {
            boolean done;

            @Override
            public void accept(long n) {
                if (!done) {
                    done = true;
                    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big").toFile(), "rw")) {
                        change.apply(f);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    private void copyOnce(long window, long size, LongConsumer copied) throws IOException {
        Path blob = Files.createFile(dir.resolve("blob-" + System.nanoTime()));
        try (DirectBlobStream out = new DirectBlobStream(blob, null, window)) {
            out.copyFile(dir.resolve("big"), size, "big", copied);
        }
    }
}
