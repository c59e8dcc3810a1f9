package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void packReportsEveryLayerUpToItsExactSize(@TempDir Path dir) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx/m"));
        try (RandomAccessFile f = new RandomAccessFile(ctx.resolve("big.bin").toFile(), "rw")) {
            f.setLength(300L * 1024 * 1024 + 7);
        }
        Files.writeString(ctx.resolve("small.txt"), "hello");
        Files.writeString(dir.resolve("ctx/Kitfile"), "manifestVersion: 1.0.0\nmodel:\n  path: m/big.bin\ndocs:\n  - path: m/small.txt\n");
        List<List<PackProgress.LayerProgress>> reports = new ArrayList<>();
        boolean[] finished = {false};
        PackProgress recorder = new PackProgress() {
            @Override
            public void report(List<LayerProgress> layers, long elapsedNanos) {
                reports.add(layers);
            }

            @Override
            public void finished() {
                finished[0] = true;
            }
        };
        PackResult r = new Packer(BuildLog.SILENT, recorder).pack(new PackRequest(dir.resolve("ctx/Kitfile"),
                dir.resolve("ctx"), List.of(), dir.resolve("out/modelkit"), null, null, null, ArtifactFormat.MODELKIT,
                LayerFormat.TAR, Compression.NONE, "p", List.of("1"), Optional.empty(), SymlinkPolicy.FOLLOW, null,
                Map.of()));
        assertThat(finished[0]).isTrue();
        assertThat(reports).isNotEmpty();
        List<PackProgress.LayerProgress> last = reports.get(reports.size() - 1);
        assertThat(last).hasSize(2);
        // the planned total is the exact tar length: when done, done == total == blob size (uncompressed)
        for (int i = 0; i < 2; i++) {
            assertThat(last.get(i).finished()).isTrue();
            assertThat(last.get(i).done()).isEqualTo(last.get(i).total())
                    .isEqualTo(r.manifest().layers().get(i).size());
        }
        assertThat(last.get(0).label()).isEqualTo("model (m/big.bin)");
    }

    @Test
    void logLinesSayPercentRateAndTimeLeft() {
        RecordingLog log = new RecordingLog();
        LogProgress p = new LogProgress(log, 10_000_000_000L);
        long total = 4L << 30;
        p.report(List.of(new PackProgress.LayerProgress("model (w.bin)", 0, total, false)), 1);
        p.report(List.of(new PackProgress.LayerProgress("model (w.bin)", total / 4, total, false)), 10_000_000_001L);
        p.report(List.of(new PackProgress.LayerProgress("model (w.bin)", total / 2, total, false)), 12_000_000_000L);
        assertThat(log.infos()).containsExactly("  model (w.bin):  25% of 4.0 GiB, 107 MB/s, about 30 s left");
    }

    @Test
    void theFooterRedrawsInPlaceAndClearsItself() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.report(List.of(new PackProgress.LayerProgress("model (w.bin)", 50, 100, false)), 2_000_000_000L);
        p.finished();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r\033[K[modelkit] 0 MB/s  model (w.bin) 50%\r\033[K");
    }
}
