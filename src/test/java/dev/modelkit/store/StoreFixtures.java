package dev.modelkit.store;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.pack.ArtifactFormat;
import dev.modelkit.pack.LayerFormat;
import dev.modelkit.pack.PackRequest;
import dev.modelkit.pack.PackResult;
import dev.modelkit.pack.Packer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Shared helpers: pack golden trees as kit would (POM metadata off), unpack the kit-made store fixture. */
public final class StoreFixtures {

    private StoreFixtures() {
    }

    /** Packs {@code context} into {@code out/modelkit} with one tag. */
    static PackResult pack(Path context, Path out) throws Exception {
        PackRequest request = new PackRequest(context.resolve("Kitfile"), context, List.of(context.resolve("target")),
                out.resolve("modelkit"), null, out.resolve("modelkit.digest"), out.resolve("modelkit.json"),
                ArtifactFormat.MODELKIT, LayerFormat.TAR, Compression.NONE, "golden", List.of("v1"),
                Optional.empty(), SymlinkPolicy.FOLLOW, null, Map.of());
        return new Packer(BuildLog.SILENT).pack(request);
    }

    /** Extracts the kit 1.10 store fixture ({@code storage/...}) into {@code home}. */
    public static Path kitStore(Path home) {
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/golden/kit-1.10-store.tgz"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = home.resolve(e.getName()).normalize();
                if (!target.startsWith(home)) {
                    throw new IllegalStateException("bad entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources", name));
    }

    /** Every file under {@code dir} with its size, mtime and file key (inode): what a no-op must leave alone. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.put(dir.relativize(p).toString(), a.size() + " " + a.lastModifiedTime().toMillis() + " "
                        + a.fileKey());
            }
        }
        return out;
    }

    /** Names of all regular files under {@code dir}, relative and sorted. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
