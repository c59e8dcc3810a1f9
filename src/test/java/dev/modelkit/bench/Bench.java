package dev.modelkit.bench;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.pack.ArtifactFormat;
import dev.modelkit.pack.LayerFormat;
import dev.modelkit.pack.PackRequest;
import dev.modelkit.pack.Packer;
import dev.modelkit.registry.CredentialSource;
import dev.modelkit.registry.PushRequest;
import dev.modelkit.registry.Pusher;
import dev.modelkit.registry.TransportSettings;
import dev.modelkit.registry.UploadPolicy;
import dev.modelkit.store.LocalStore;
import dev.modelkit.store.StoreReference;
import dev.modelkit.unpack.ExistingFiles;
import dev.modelkit.unpack.UnpackRequest;
import dev.modelkit.unpack.Unpacker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation, measured from inside its own JVM (bench/run.sh starts one per run) and printed as a single line
 * {@code RESULT seconds=… peakHeapMiB=… rssMiB=… readMiB=… writtenMiB=… diskReadMiB=… diskWrittenMiB=…}.
 * Not a test: it is compiled with the tests only so that it ships nowhere.
 *
 * <pre>
 * Bench pack CONTEXT OUT FORMAT LAYERFORMAT COMPRESSION ARCHIVE(true|false)
 * Bench unpack LAYOUT OUT
 * Bench install LAYOUT KITOPS_HOME
 * Bench push LAYOUT HOST:PORT REPOSITORY        (plain HTTP, anonymous: a loopback test registry)
 * </pre>
 */
public final class Bench {

    interface Operation {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Operation op = switch (args[0]) {
            case "pack" -> () -> pack(args);
            case "unpack" -> () -> {
                try (OciLayoutReader source = OciLayoutReader.open(Path.of(args[1]))) {
                    new Unpacker(BuildLog.SILENT).unpack(source,
                            new UnpackRequest(Path.of(args[2]), List.of(), ExistingFiles.FAIL));
                }
            };
            case "install" -> () -> new LocalStore(Path.of(args[2]))
                    .install(Path.of(args[1]), List.of(StoreReference.of("localhost", "bench", "v1")));
            case "push" -> () -> new Pusher(BuildLog.SILENT).push(new PushRequest(Path.of(args[1]), args[2], args[3],
                    List.of("v1"), List.of(), UploadPolicy.defaults(), TransportSettings.defaults().withPlainHttp(true),
                    CredentialSource.ANONYMOUS));
            default -> throw new IllegalArgumentException("unknown operation " + args[0]);
        };
        measure(op);
    }

    private static void pack(String[] args) throws Exception {
        Path context = Path.of(args[1]);
        Path out = Path.of(args[2]);
        boolean archive = Boolean.parseBoolean(args[6]);
        new Packer(BuildLog.SILENT).pack(new PackRequest(context.resolve("Kitfile"), context, List.of(),
                out.resolve("modelkit"), archive ? out.resolve("bench-modelkit.tar") : null,
                out.resolve("modelkit.digest"), out.resolve("modelkit.json"), ArtifactFormat.parse(args[3]),
                LayerFormat.parse(args[4]), Compression.parse(args[5]), "bench", List.of("v1"), Optional.empty(),
                SymlinkPolicy.FOLLOW, null, Map.of()));
    }

    static void measure(Operation op) throws Exception {
        Map<String, Long> before = procIo();
        long start = System.nanoTime();
        op.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> after = procIo();
        System.out.printf("RESULT seconds=%.3f heapLimitMiB=%.0f peakOldGenMiB=%.1f rssMiB=%.1f readMiB=%.1f"
                        + " writtenMiB=%.1f diskReadMiB=%.1f diskWrittenMiB=%.1f%n",
                seconds, Runtime.getRuntime().maxMemory() / 1048576.0, peakOldGen() / 1048576.0,
                peakRss() / 1048576.0,
                (after.get("rchar") - before.get("rchar")) / 1048576.0,
                (after.get("wchar") - before.get("wchar")) / 1048576.0,
                (after.get("read_bytes") - before.get("read_bytes")) / 1048576.0,
                (after.get("write_bytes") - before.get("write_bytes")) / 1048576.0);
    }

    /**
     * The old generation's peak: what survived collections, i.e. the live heap, at most. (Summing every pool's peak
     * overstates: eden fills with garbage by design.) The run itself proves the bound: it completes under -Xmx.
     */
    static long peakOldGen() {
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                max = Math.max(max, pool.getPeakUsage().getUsed());
            }
        }
        return max;
    }

    static Map<String, Long> procIo() throws IOException {
        Map<String, Long> values = new HashMap<>();
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
