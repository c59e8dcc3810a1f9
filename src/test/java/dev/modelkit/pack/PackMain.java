package dev.modelkit.pack;

import dev.modelkit.BuildLog;
import dev.modelkit.layer.Compression;
import dev.modelkit.layer.SymlinkPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Packs a context folder in its own JVM, so a test can limit the heap; prints each layer's digest. A third argument
 * "archive" also writes {@code modelkit.tar} (teed alongside the layout).
 */
public final class PackMain {

    public static void main(String[] args) throws Exception {
        Path context = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path archive = args.length > 2 && args[2].equals("archive") ? out.resolve("modelkit.tar") : null;
        PackResult r = new Packer(BuildLog.SILENT).pack(new PackRequest(context.resolve("Kitfile"), context,
                List.of(), out.resolve("modelkit"), archive, out.resolve("modelkit.digest"), out.resolve("modelkit.json"),
                ArtifactFormat.MODELKIT, LayerFormat.TAR, Compression.NONE, "big", List.of("v1"), Optional.empty(),
                SymlinkPolicy.FOLLOW, null, Map.of()));
        for (int i = 0; i < r.layers().size(); i++) {
            System.out.println("layer " + i + " " + r.layers().get(i).descriptor().digest());
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory());
    }
}
