package dev.modelkit.layer;

import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.modelkit.layer.Trees.file;
import static dev.modelkit.layer.Trees.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where kit ≤ 1.10 loses files (string-prefix overlap test, ".." substring test), every file must land in exactly
 * one layer; plus the layer-path edge cases (missing, outside the context, nothing to pack).
 */
class OverlapSelectionTest {

    @TempDir
    Path ctx;

    @Test
    void nameSharingAPrefixWithAnotherLayerStaysInCode() throws IOException {
        List<String> files = List.of("model/w.bin", "model_card.md", "model-v2/w.bin", "data/d.csv", "database.txt",
                "data-v2/d.csv", "notes..v2.txt", "v1..2/x", "src/..hidden/y");
        files.forEach(f -> file(ctx, f));
        file(ctx, "Kitfile");
        RecordingLog log = new RecordingLog();
        LayerFileSelector s = selector(ctx, List.of("model", ".", "data"), SymlinkPolicy.FOLLOW, log);

        List<LayerEntry> model = s.select("model", "model");
        List<LayerEntry> code = s.select(".", "code");
        List<LayerEntry> data = s.select("data", "dataset");

        assertThat(Listing.names(model)).containsExactly("model", "model/w.bin");
        assertThat(Listing.names(data)).containsExactly("data", "data/d.csv");
        // Per-folder byte order: "data" (another layer), "data-v2", "database.txt"; "-" (0x2d) < "_" (0x5f).
        assertThat(Listing.names(code)).containsExactly(
                "data-v2", "data-v2/d.csv", "database.txt",
                "model-v2", "model-v2/w.bin", "model_card.md",
                "notes..v2.txt",
                "src", "src/..hidden", "src/..hidden/y",
                "v1..2", "v1..2/x");

        List<String> packedFiles = new ArrayList<>();
        Stream.of(model, code, data).flatMap(List::stream).filter(e -> !e.isDirectory())
                .forEach(e -> packedFiles.add(e.name()));
        assertThat(packedFiles).containsExactlyInAnyOrderElementsOf(files);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void folderThatIsAnotherLayersPathIsLeftOutButOneThatContainsItIsABareEntry() throws IOException {
        file(ctx, "a/b/layer2/f.txt");
        file(ctx, "a/own.txt");
        file(ctx, "top.txt");
        LayerFileSelector s = selector(ctx, List.of("a", "a/b/layer2", "."), SymlinkPolicy.FOLLOW, new RecordingLog());

        // "a/b" only contains layer2: layer "a" still writes it, empty of layer2's files.
        assertThat(Listing.names(s.select("a"))).containsExactly("a", "a/b", "a/own.txt");
        assertThat(Listing.names(s.select("a/b/layer2")))
                .containsExactly("a", "a/b", "a/b/layer2", "a/b/layer2/f.txt");
        // "a" is a layer path: the code layer leaves it out entirely (no bare entry).
        assertThat(Listing.names(s.select("."))).containsExactly("top.txt");
    }

    @Test
    void layerPathWithDotDotInsideANameIsPacked() throws IOException {
        file(ctx, "models/v1..2/w.bin");
        file(ctx, "models/v1..3/other.bin");
        RecordingLog log = new RecordingLog();
        LayerFileSelector s = selector(ctx, List.of("models/v1..2"), SymlinkPolicy.FOLLOW, log);

        assertThat(Listing.of(s.select("models/v1..2"))).containsExactly(
                "d 0755 0 models", "d 0755 0 models/v1..2", "- 0644 28 models/v1..2/w.bin");
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void duplicatedLayerPathsBothGetTheFiles() throws IOException {
        file(ctx, "m/w.bin");
        LayerFileSelector s = selector(ctx, List.of("m", "./m/"), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThat(Listing.names(s.select("./m/"))).containsExactly("m", "m/w.bin");
    }

    @Test
    void missingLayerPathIsNamedAsWritten() throws IOException {
        file(ctx, "present.txt");
        LayerFileSelector s = selector(ctx, List.of("./nope/"), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThatThrownBy(() -> s.select("./nope/"))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessage("path ./nope/ does not exist");
    }

    @Test
    void layerPathOutsideTheContextIsRejected() throws IOException {
        Path context = Files.createDirectory(ctx.resolve("context"));
        file(ctx, "outside.txt");
        LayerFileSelector s = selector(context, List.of("../outside.txt"), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThatThrownBy(() -> s.select("../outside.txt"))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining("../outside.txt")
                .hasMessageContaining("outside the context");
    }

    @Test
    void nothingToPackWarnsAndGivesNoEntries() throws IOException {
        file(ctx, "a/only/inner/f.txt");
        RecordingLog log = new RecordingLog();
        // Everything under "a" belongs to the inner layer; "a/only" holds nothing else.
        LayerFileSelector s = selector(ctx, List.of("a/only", "a/only/inner"), SymlinkPolicy.FOLLOW, log);
        assertThat(Listing.names(s.select("a/only", "model"))).containsExactly("a", "a/only");

        file(ctx, "ignored/f.txt");
        Files.writeString(ctx.resolve(".kitignore"), "ignored\n");
        RecordingLog log2 = new RecordingLog();
        LayerFileSelector s2 = selector(ctx, List.of("ignored"), SymlinkPolicy.FOLLOW, log2);
        assertThat(s2.select("ignored", "dataset")).isEmpty();
        assertThat(log2.warnings()).containsExactly(
                "dataset layer path ignored ignored by kitignore",
                "No files detected in dataset layer with path ignored");
    }
}
