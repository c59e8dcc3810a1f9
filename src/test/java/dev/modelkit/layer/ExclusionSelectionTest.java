package dev.modelkit.layer;

import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static dev.modelkit.layer.Trees.file;
import static dev.modelkit.layer.Trees.link;
import static dev.modelkit.layer.Trees.selector;
import static org.assertj.core.api.Assertions.assertThat;

/** What is always left out (Kitfile in use, build folder, kit's root names) and .kitignore applied to a walk. */
class ExclusionSelectionTest {

    @TempDir
    Path ctx;

    @Test
    void buildFolderAndKitfileInUseAreLeftOut() throws IOException {
        file(ctx, "Kitfile");
        file(ctx, "model.bin");
        file(ctx, "target/modelkit/blobs/sha256/abc");
        file(ctx, "target/classes/x.class");
        file(ctx, "src/target/kept.txt");
        LayerFileSelector s = new LayerFileSelector(ctx, List.of("."), KitIgnore.load(ctx),
                Set.of(ctx.resolve("Kitfile"), ctx.resolve("target")), SymlinkPolicy.FOLLOW, new RecordingLog());
        // Only the build folder itself is left out: a folder named "target" elsewhere is ordinary.
        assertThat(Listing.names(s.select(".")))
                .containsExactly("model.bin", "src", "src/target", "src/target/kept.txt");
    }

    @Test
    void aLinkIntoTheBuildFolderIsLeftOutToo() throws IOException {
        file(ctx, "target/out.bin");
        file(ctx, "m/w.bin");
        link(ctx, "m/latest", "../target/out.bin");
        LayerFileSelector s = new LayerFileSelector(ctx, List.of("m"), KitIgnore.load(ctx),
                Set.of(ctx.resolve("target")), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThat(Listing.names(s.select("m"))).containsExactly("m", "m/w.bin");
    }

    @Test
    void kitfileUnderAnotherNameIsExcludedOnlyWhenItIsTheOneInUse() throws IOException {
        file(ctx, "custom.yaml");
        file(ctx, "w.bin");
        KitIgnore ignore = KitIgnore.load(ctx);
        LayerFileSelector inUse = new LayerFileSelector(ctx, List.of("."), ignore,
                Set.of(ctx.resolve("custom.yaml")), SymlinkPolicy.FOLLOW, new RecordingLog());
        LayerFileSelector notInUse = new LayerFileSelector(ctx, List.of("."), ignore, Set.of(),
                SymlinkPolicy.FOLLOW, new RecordingLog());

        assertThat(Listing.names(inUse.select("."))).containsExactly("w.bin");
        assertThat(Listing.names(notInUse.select("."))).containsExactly("custom.yaml", "w.bin");
    }

    @Test
    void excludedPathGivenUnnormalizedStillMatches() throws IOException {
        file(ctx, "Kitfile");
        file(ctx, "sub/Kitfile.yaml");
        LayerFileSelector s = new LayerFileSelector(ctx, List.of("."), KitIgnore.load(ctx),
                Set.of(ctx.resolve("sub/../sub/./Kitfile.yaml")), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThat(Listing.names(s.select("."))).containsExactly("sub");
    }

    @Test
    void fixedKitNamesAreLeftOutAtTheRootEvenWhenReincludedButPackedWhenNested() throws IOException {
        file(ctx, "Kitfile");
        file(ctx, "kitfile");
        file(ctx, ".kitfile");
        file(ctx, "sub/Kitfile");
        file(ctx, "sub/.kitignore");
        Files.writeString(ctx.resolve(".kitignore"), "!Kitfile\n!.kitignore\n");
        // Not passed as always excluded: only kit's fixed names keep the root Kitfile out here.
        LayerFileSelector s = new LayerFileSelector(ctx, List.of("."), KitIgnore.load(ctx), Set.of(),
                SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThat(Listing.names(s.select("."))).containsExactly("sub", "sub/.kitignore", "sub/Kitfile");
    }

    @Test
    void ignoredFolderIsPrunedWithoutExclusions() throws IOException {
        file(ctx, "keep/a.txt");
        file(ctx, "skip/b.txt");
        file(ctx, "skip/deep/c.txt");
        Files.writeString(ctx.resolve(".kitignore"), "skip\n*.md\n");
        file(ctx, "readme.md");
        assertThat(Listing.names(selector(ctx, List.of("."), SymlinkPolicy.FOLLOW, new RecordingLog()).select(".")))
                .containsExactly("keep", "keep/a.txt");
    }

    @Test
    void ignoredFolderIsWalkedWithoutItsHeaderWhenSomethingIsReincluded() throws IOException {
        file(ctx, "skip/b.txt");
        file(ctx, "skip/deep/c.txt");
        file(ctx, "skip/deep/wanted.txt");
        Files.writeString(ctx.resolve(".kitignore"), "skip\n!skip/deep/wanted.txt\n");
        assertThat(Listing.names(selector(ctx, List.of("."), SymlinkPolicy.FOLLOW, new RecordingLog()).select(".")))
                .containsExactly("skip/deep/wanted.txt");
    }

    @Test
    void ignoredLayerPathWarnsButAReincludedFileBelowItIsPacked() throws IOException {
        file(ctx, "models/llama/w.bin");
        file(ctx, "models/llama/keep.txt");
        Files.writeString(ctx.resolve(".kitignore"), "models\n!models/llama/keep.txt\n");
        RecordingLog log = new RecordingLog();
        List<LayerEntry> entries = selector(ctx, List.of("models/llama"), SymlinkPolicy.FOLLOW, log)
                .select("models/llama", "model");
        // kit checks the ancestors too: "models" and "models/llama" are ignored, so no headers for them.
        assertThat(Listing.names(entries)).containsExactly("models/llama/keep.txt");
        assertThat(log.warnings()).containsExactly("model layer path models/llama ignored by kitignore");
    }

    @Test
    void kitfileThatIsALinkDoesNotTakeItsTargetOut() throws IOException {
        file(ctx, "conf/Kitfile.yaml");
        link(ctx, "Kitfile", "conf/Kitfile.yaml");
        LayerFileSelector s = new LayerFileSelector(ctx, List.of("."), KitIgnore.load(ctx),
                Set.of(ctx.resolve("Kitfile")), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThat(Listing.names(s.select("."))).containsExactly("conf", "conf/Kitfile.yaml");
    }

    @Test
    void buildFolderThatContainsTheContextTakesNothingAway() throws IOException {
        Path context = ctx.resolve("target/generated/model");
        file(context, "w.bin");
        LayerFileSelector s = new LayerFileSelector(context, List.of("."), KitIgnore.load(context),
                Set.of(ctx.resolve("target"), context.resolve("Kitfile")), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThat(Listing.names(s.select("."))).containsExactly("w.bin");
    }
}
