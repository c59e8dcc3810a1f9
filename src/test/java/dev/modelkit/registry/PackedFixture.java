package dev.modelkit.registry;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.pack.ArtifactFormat;
import dev.modelkit.pack.LayerFormat;
import dev.modelkit.pack.PackRequest;
import dev.modelkit.pack.PackResult;
import dev.modelkit.pack.Packer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A small ModelKit packed by the real Packer: target/modelkit, the archive, modelkit.digest and modelkit.json. */
public record PackedFixture(Path target, PackResult result) {

    public Path layout() {
        return target.resolve("modelkit");
    }

    public Path archive() {
        return target.resolve("fixture-modelkit.tar");
    }

    /** The packed project folder: Kitfile, model.bin, data.csv. */
    public Path project() {
        return target.resolveSibling("project");
    }

    Path metadata() {
        return target.resolve("modelkit.json");
    }

    public String digest() throws IOException {
        return Files.readString(target.resolve("modelkit.digest")).trim();
    }

    /** Packs a model of {@code modelBytes} pseudo-random bytes (seeded: the same digest every run) and a dataset. */
    public static PackedFixture pack(Path dir, int modelBytes, long seed) throws Exception {
        Path context = dir.resolve("project");
        Files.createDirectories(context);
        Files.writeString(context.resolve("Kitfile"), """
                manifestVersion: "1.0.0"
                package:
                  name: fixture
                model:
                  path: model.bin
                datasets:
                  - name: train
                    path: data.csv
                """);
        byte[] model = new byte[modelBytes];
        new Random(seed).nextBytes(model);
        Files.write(context.resolve("model.bin"), model);
        Files.writeString(context.resolve("data.csv"), "a,b\n1,2\n" + seed + "\n");
        Path target = dir.resolve("target");
        PackRequest request = new PackRequest(context.resolve("Kitfile"), context, List.of(target),
                target.resolve("modelkit"), target.resolve("fixture-modelkit.tar"), target.resolve("modelkit.digest"),
                target.resolve("modelkit.json"), ArtifactFormat.MODELKIT, LayerFormat.TAR, Compression.NONE,
                "fixture", List.of("1.0.0"), Optional.empty(), SymlinkPolicy.FOLLOW, null, Map.of());
        return new PackedFixture(target, new Packer(BuildLog.SILENT).pack(request));
    }
}
