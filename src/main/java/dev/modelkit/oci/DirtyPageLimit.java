package dev.modelkit.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How many more bytes Linux lets a process write through the page cache before it makes writers wait for the disk.
 *
 * <p>The kernel keeps unwritten ("dirty") pages up to limits set in {@code /proc/sys/vm}: write-back starts at
 * {@code dirty_background_ratio} (10 %) of the memory it could use for them, about {@code MemAvailable}, and writers
 * are throttled from the midpoint between that and {@code dirty_ratio} (20 %) on ({@code dirty_background_bytes} and
 * {@code dirty_bytes} replace the ratios when set). Below that midpoint a write costs a memory copy; above it, the
 * disk's pace. {@link #headroom} is the midpoint less what is dirty or under write-back now.
 */
final class DirtyPageLimit {

    private DirtyPageLimit() {
    }

    /** The headroom on this machine, or empty where {@code /proc} does not tell (not Linux). */
    static OptionalLong headroom() {
        return headroom(Path.of("/proc"));
    }

    /** The headroom computed from a {@code /proc} tree (a test's copy, or the real one). */
    static OptionalLong headroom(Path proc) {
        try {
            String meminfo = Files.readString(proc.resolve("meminfo"));
            long available = meminfoBytes(meminfo, "MemAvailable");
            long dirty = meminfoBytes(meminfo, "Dirty") + meminfoBytes(meminfo, "Writeback");
            Path vm = proc.resolve("sys").resolve("vm");
            long background = limit(vm, "dirty_background_bytes", "dirty_background_ratio", available);
            long limit = limit(vm, "dirty_bytes", "dirty_ratio", available);
            return OptionalLong.of(Math.max(0, (background + limit) / 2 - dirty));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static long limit(Path vm, String bytesFile, String ratioFile, long available) throws IOException {
        long bytes = Long.parseLong(Files.readString(vm.resolve(bytesFile)).trim());
        return bytes > 0 ? bytes : available / 100 * Long.parseLong(Files.readString(vm.resolve(ratioFile)).trim());
    }

    /** A {@code meminfo} line's value ("Dirty:  20 kB"), in bytes. */
    private static long meminfoBytes(String meminfo, String key) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]) * (parts.length > 1 && parts[1].equals("kB") ? 1024 : 1);
            }
        }
        throw new IllegalArgumentException("no " + key + " in meminfo");
    }
}
