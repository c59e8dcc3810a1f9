package dev.modelkit.layer;

import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.modelkit.layer.Trees.dir;
import static dev.modelkit.layer.Trees.file;
import static dev.modelkit.layer.Trees.link;
import static dev.modelkit.layer.Trees.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Symbolic links under the three policies. */
class SymlinkSelectionTest {

    @TempDir
    Path tmp;

    private Path ctx() throws IOException {
        Path ctx = tmp.resolve("ctx");
        if (!Files.isDirectory(ctx)) {
            Files.createDirectory(ctx);
            Trees.mode(ctx, 0755);
        }
        return ctx;
    }

    @Test
    void followedFileLinkIsARegularFileWithTheTargetsModeAndSize() throws IOException {
        Path ctx = ctx();
        file(ctx, "real/weights.bin", 0600);
        link(ctx, "m/alias.bin", "../real/weights.bin");
        List<LayerEntry> entries = selector(ctx, List.of("m"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("m");

        // "testing: real/weights.bin\n" is 26 bytes; a link's own size would be its target text (19).
        assertThat(Listing.of(entries)).containsExactly("d 0755 0 m", "- 0600 26 m/alias.bin");
        assertThat(entries.get(1).source()).isEqualTo(ctx.resolve("m/alias.bin"));
    }

    @Test
    void followedDirectoryLinkIsWalkedUnderTheLinksName() throws IOException {
        Path ctx = ctx();
        dir(ctx, "shared", 0750);
        file(ctx, "shared/b.txt");
        file(ctx, "shared/a/x.txt", 0755);
        link(ctx, "m/cache", "../shared");
        List<LayerEntry> entries = selector(ctx, List.of("m"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("m");

        assertThat(Listing.of(entries)).containsExactly(
                "d 0755 0 m", "d 0750 0 m/cache", "d 0755 0 m/cache/a", "- 0755 24 m/cache/a/x.txt",
                "- 0644 22 m/cache/b.txt");
        assertThat(entries.get(3).source()).isEqualTo(ctx.resolve("m/cache/a/x.txt"));
    }

    @Test
    void layerPathThatIsALinkIsFollowed() throws IOException {
        Path ctx = ctx();
        file(ctx, "store/w.bin");
        link(ctx, "model", "store");
        assertThat(Listing.names(selector(ctx, List.of("model"), SymlinkPolicy.FOLLOW, new RecordingLog())
                .select("model"))).containsExactly("model", "model/w.bin");
    }

    @Test
    void linkOutsideTheContextIsPackedUnderItsName() throws IOException {
        Path ctx = ctx();
        file(tmp, "elsewhere/big.bin");
        link(ctx, "m/big.bin", tmp.resolve("elsewhere/big.bin").toString());
        assertThat(Listing.of(selector(ctx, List.of("m"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("m")))
                .containsExactly("d 0755 0 m", "- 0644 27 m/big.bin");
    }

    @Test
    void linkToAnAncestorIsACycle() throws IOException {
        Path ctx = ctx();
        file(ctx, "m/w.bin");
        link(ctx, "m/sub/loop", "../..");
        LayerFileSelector s = selector(ctx, List.of("."), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThatThrownBy(() -> s.select("."))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining("m/sub/loop")
                .hasMessageContaining("cycle");
    }

    @Test
    void linksPointingAtEachOtherAreACycle() throws IOException {
        Path ctx = ctx();
        link(ctx, "m/a", "b");
        link(ctx, "m/b", "a");
        LayerFileSelector s = selector(ctx, List.of("m"), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThatThrownBy(() -> s.select("m"))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining("symbolic link m/a")
                .hasMessageContaining("cycle");
    }

    @Test
    void twoFolderLinksIntoEachOtherAreACycle() throws IOException {
        Path ctx = ctx();
        link(ctx, "a/to-b", "../b");
        link(ctx, "b/to-a", "../a");
        LayerFileSelector s = selector(ctx, List.of("a"), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThatThrownBy(() -> s.select("a"))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining("a/to-b/to-a")
                .hasMessageContaining("cycle");
    }

    @Test
    void sameTargetTwiceIsNotACycle() throws IOException {
        Path ctx = ctx();
        file(ctx, "shared/f.txt");
        link(ctx, "m/one", "../shared");
        link(ctx, "m/two", "../shared");
        assertThat(Listing.names(selector(ctx, List.of("m"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("m")))
                .containsExactly("m", "m/one", "m/one/f.txt", "m/two", "m/two/f.txt");
    }

    @Test
    void danglingLinkIsReported() throws IOException {
        Path ctx = ctx();
        file(ctx, "m/ok.bin");
        link(ctx, "m/gone.bin", "missing.bin");
        LayerFileSelector s = selector(ctx, List.of("m"), SymlinkPolicy.FOLLOW, new RecordingLog());
        assertThatThrownBy(() -> s.select("m"))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining("m/gone.bin")
                .hasMessageContaining("dangling")
                .hasMessageContaining("missing.bin");
    }

    @Test
    void skipLeavesLinksOutWithAWarningNamingThem() throws IOException {
        Path ctx = ctx();
        file(ctx, "m/ok.bin");
        file(ctx, "shared/f.txt");
        link(ctx, "m/file-link", "ok.bin");
        link(ctx, "m/dir-link", "../shared");
        link(ctx, "m/dangling", "nowhere");
        RecordingLog log = new RecordingLog();
        List<LayerEntry> entries = selector(ctx, List.of("m"), SymlinkPolicy.SKIP, log).select("m");

        assertThat(Listing.names(entries)).containsExactly("m", "m/ok.bin");
        assertThat(log.warnings()).hasSize(3);
        assertThat(log.warnings().get(0)).contains("m/dangling");
        assertThat(log.warnings().get(1)).contains("m/dir-link");
        assertThat(log.warnings().get(2)).contains("m/file-link");
    }

    @Test
    void skipOfALinkOutsideTheLayerSaysNothing() throws IOException {
        Path ctx = ctx();
        file(ctx, "m/ok.bin");
        link(ctx, "other/link", "../m");
        RecordingLog log = new RecordingLog();
        selector(ctx, List.of("m"), SymlinkPolicy.SKIP, log).select("m");
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void failThrowsNamingTheLink() throws IOException {
        Path ctx = ctx();
        file(ctx, "m/ok.bin");
        link(ctx, "m/sub/file-link", "../ok.bin");
        LayerFileSelector s = selector(ctx, List.of("m"), SymlinkPolicy.FAIL, new RecordingLog());
        assertThatThrownBy(() -> s.select("m"))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining("m/sub/file-link");
    }
}
