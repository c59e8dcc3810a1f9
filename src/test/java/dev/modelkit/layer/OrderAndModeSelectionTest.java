package dev.modelkit.layer;

import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.modelkit.layer.Trees.dir;
import static dev.modelkit.layer.Trees.file;
import static dev.modelkit.layer.Trees.selector;
import static org.assertj.core.api.Assertions.assertThat;

/** Walk order (Go's per-folder byte order), empty folders, special permission bits, special files. */
class OrderAndModeSelectionTest {

    @TempDir
    Path ctx;

    @Test
    void namesAreOrderedByUtf8BytesPerFolder() throws IOException {
        // UTF-8 bytes: "B" 42 < "a" 61 < "z" 7a < "é" c3a9 < "ｚ" (U+FF5A) efbd9a < "🙂" f09f9982.
        // Java's String order would put the emoji (surrogate d83d) before "ｚ" (ff5a).
        for (String n : List.of("z", "é", "a", "\uFF5A", "🙂", "B")) {
            file(ctx, "d/" + n);
        }
        assertThat(Listing.names(selector(ctx, List.of("d"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("d")))
                .containsExactly("d", "d/B", "d/a", "d/z", "d/é", "d/\uFF5A", "d/🙂");
    }

    @Test
    void folderComesBeforeItsContentsAndContentsBeforeLaterSiblings() throws IOException {
        file(ctx, "d/a.txt");
        file(ctx, "d/a/x.txt");
        file(ctx, "d/a-b");
        assertThat(Listing.names(selector(ctx, List.of("d"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("d")))
                .containsExactly("d", "d/a", "d/a/x.txt", "d/a-b", "d/a.txt");
    }

    @Test
    void emptyFoldersAndSpecialBitsAreKept() throws IOException {
        dir(ctx, "d/empty", 0700);
        dir(ctx, "d/shared", 02755);
        dir(ctx, "d/tmp", 01777);
        file(ctx, "d/shared/tool", 04755);
        file(ctx, "d/ro.txt", 0444);
        assertThat(Listing.of(selector(ctx, List.of("d"), SymlinkPolicy.FOLLOW, new RecordingLog()).select("d")))
                .containsExactly("d 0755 0 d", "d 0700 0 d/empty", "- 0444 18 d/ro.txt", "d 2755 0 d/shared",
                        "- 4755 23 d/shared/tool", "d 1777 0 d/tmp");
    }

    @Test
    void fifosAreSkippedSilently() throws Exception {
        file(ctx, "d/f.txt");
        Process p = new ProcessBuilder("mkfifo", ctx.resolve("d/pipe").toString()).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        RecordingLog log = new RecordingLog();
        assertThat(Listing.names(selector(ctx, List.of("d"), SymlinkPolicy.FAIL, log).select("d")))
                .containsExactly("d", "d/f.txt");
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void singleFileLayerEmitsItsAncestorsOnly() throws IOException {
        file(ctx, "a/b/c.txt");
        file(ctx, "a/b/sibling.txt");
        file(ctx, "a/other/x.txt");
        assertThat(Listing.names(selector(ctx, List.of("a/b/c.txt"), SymlinkPolicy.FOLLOW, new RecordingLog())
                .select("./a//b/c.txt"))).containsExactly("a", "a/b", "a/b/c.txt");
    }
}
