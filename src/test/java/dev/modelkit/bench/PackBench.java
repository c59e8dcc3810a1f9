package dev.modelkit.bench;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.pack.ArtifactFormat;
import dev.modelkit.pack.LayerFormat;
import dev.modelkit.pack.PackRequest;
import dev.modelkit.pack.PackResult;
import dev.modelkit.pack.Packer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pack, measured from inside its own JVM (bench/run.sh starts one per configuration): prints a single line
 * {@code RESULT seconds=… peakHeapMiB=… rssMiB=… readMiB=… writtenMiB=… outputMiB=…} for the script to tabulate.
 * Not a test: it is compiled with the tests only so that it ships nowhere.
 *
 * <p>Usage: {@code PackBench CONTEXT OUT FORMAT LAYERFORMAT COMPRESSION ARCHIVE(true|false)}
 */
public final class PackBench {

    public static void main(String[] args) throws Exception {
        Path context = Path.of(args[0]);
        Path out = Path.of(args[1]);
        boolean archive = Boolean.parseBoolean(args[5]);
        PackRequest request = new PackRequest(context.resolve("Kitfile"), context, List.of(),
                out.resolve("modelkit"), archive ? out.resolve("bench-modelkit.tar") : null,
                out.resolve("modelkit.digest"), out.resolve("modelkit.json"), ArtifactFormat.parse(args[2]),
                LayerFormat.parse(args[3]), Compression.parse(args[4]), "bench", List.of("v1"), Optional.empty(),
                SymlinkPolicy.FOLLOW, null, Map.of());
        Map<String, Long> ioBefore = ProcIo.read();
        long start = System.nanoTime();
        PackResult result = new Packer(BuildLog.SILENT).pack(request);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> ioAfter = ProcIo.read();
        long output = result.manifest().layers().stream().mapToLong(d -> d.size()).sum();
        System.out.printf("RESULT seconds=%.3f peakHeapMiB=%.1f rssMiB=%.1f readMiB=%.1f writtenMiB=%.1f"
                        + " diskReadMiB=%.1f diskWrittenMiB=%.1f layersMiB=%.1f digest=%s%n",
                seconds, peakHeap() / 1048576.0, ProcIo.peakRss() / 1048576.0,
                (ioAfter.get("rchar") - ioBefore.get("rchar")) / 1048576.0,
                (ioAfter.get("wchar") - ioBefore.get("wchar")) / 1048576.0,
                (ioAfter.get("read_bytes") - ioBefore.get("read_bytes")) / 1048576.0,
                (ioAfter.get("write_bytes") - ioBefore.get("write_bytes")) / 1048576.0,
                output / 1048576.0, result.manifestDescriptor().digest());
    }

    /** The sum of the heap pools' peak use: what the JVM really needed, whatever -Xmx allowed. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Linux process counters. */
    static final class ProcIo {
        static Map<String, Long> read() throws IOException {
            Map<String, Long> values = new java.util.HashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                String[] kv = line.split(":\\s*");
                values.put(kv[0], Long.parseLong(kv[1].trim()));
            }
            return values;
        }

        static long peakRss() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        }
    }
}
