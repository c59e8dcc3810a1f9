package dev.modelkit.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** .kitignore follows Docker's .dockerignore (moby/patternmatcher) plus kit's four fixed root names. */
class KitIgnoreTest {

    /** patterns ('|'-separated lines), path, ignored? */
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        // a folder name ignores the folder and everything below it, anchored at the root
        "ignored-dir; ignored-dir; true",
        "ignored-dir; ignored-dir/x.txt; true",
        "ignored-dir; ignored-dir/a/b/c.txt; true",
        "ignored-dir; ignored-dir2; false",
        "ignored-dir; sub/ignored-dir; false",
        // '*' stays within one component
        "*.txt; a.txt; true",
        "*.txt; d/a.txt; false",
        "d/*.txt; d/a.txt; true",
        "d/*.txt; d/e/a.txt; false",
        "*; anything/below; true",
        // '**' spans any number of components, zero included
        "**/*.md; a.md; true",
        "**/*.md; x/y/b.md; true",
        "**/*.md; x/y/b.mdx; false",
        "a/**/z; a/z; true",
        "a/**/z; a/b/c/z; true",
        "a/**/z; b/a/z; false",
        "logs/**; logs/x/y; true",
        // '?' is exactly one character, never '/'
        "ignored-?.txt; ignored-1.txt; true",
        "ignored-?.txt; ignored-12.txt; false",
        "ignored-?.txt; ignored-.txt; false",
        "a?b; a/b; false",
        // character classes
        "[ab].txt; a.txt; true",
        "[ab].txt; c.txt; false",
        "[^ab].txt; c.txt; true",
        "[^ab].txt; a.txt; false",
        "file[0-9]; file7; true",
        "file[0-9]; filex; false",
        // a nested pattern only matches at its level
        "dir4/*/ignored-file.txt; dir4/sub/ignored-file.txt; true",
        "dir4/*/ignored-file.txt; dir4/ignored-file.txt; false",
        "dir4/*/ignored-file.txt; dir4/a/b/ignored-file.txt; false",
        // '!' re-includes; the last matching pattern wins
        "*.log|!keep.log; a.log; true",
        "*.log|!keep.log; keep.log; false",
        "!keep.log|*.log; keep.log; true",
        "data|!data/keep.csv; data/keep.csv; false",
        "data|!data/keep.csv; data/other.csv; true",
        // comments: '#' as the very first byte only
        "# secret.txt; # secret.txt; false",
        "#secret.txt; #secret.txt; false",
        "' # x'; '# x'; true",
        // leading '/' and other unclean forms are cleaned
        "/build; build; true",
        "/build; build/out.bin; true",
        "/build; src/build; false",
        "./a//b/; a/b/c; true",
        "'  spaced.txt\t '; spaced.txt; true",
        // regex metacharacters are literal
        "a.b; axb; false",
        "a+b(c); a+b(c); true",
        // no default exclusion of dotfiles or .git
        "other; .git/config; false",
    })
    void matchesLikeDockerignore(String patterns, String path, boolean ignored) throws IOException {
        KitIgnore ignore = KitIgnore.parse(".kitignore", Arrays.asList(patterns.split("\\|", -1)));
        assertThat(ignore.matches(path)).isEqualTo(ignored);
    }

    @Test
    void fixedNamesAreIgnoredAtTheRootOnlyAndCannotBeReincluded() throws IOException {
        KitIgnore ignore = KitIgnore.parse(".kitignore", List.of("!Kitfile", "!.kitignore", "!kitfile"));
        assertThat(ignore.matches("Kitfile")).isTrue();
        assertThat(ignore.matches("kitfile")).isTrue();
        assertThat(ignore.matches(".kitfile")).isTrue();
        assertThat(ignore.matches(".kitignore")).isTrue();
        assertThat(ignore.matches("sub/Kitfile")).isFalse();
        assertThat(ignore.matches("KITFILE")).isFalse();
        assertThat(ignore.hasExclusions()).isTrue();
    }

    @Test
    void hasExclusionsOnlyWithBangPatterns() throws IOException {
        assertThat(KitIgnore.parse(".kitignore", List.of("a", "b/**")).hasExclusions()).isFalse();
        assertThat(KitIgnore.parse(".kitignore", List.of("a", "!a/b")).hasExclusions()).isTrue();
    }

    @Test
    void loadReadsTheContextFileWithCrLfAndBom(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve(".kitignore"),
                "\uFEFFfirst.txt\r\n# comment\r\nsecond/\r\n".getBytes(StandardCharsets.UTF_8));
        KitIgnore ignore = KitIgnore.load(dir);
        assertThat(ignore.matches("first.txt")).isTrue();
        assertThat(ignore.matches("second/x")).isTrue();
        assertThat(ignore.matches("third.txt")).isFalse();
        assertThat(ignore.matches("Kitfile")).isTrue();
    }

    @Test
    void withoutAFileOnlyTheFixedNamesAreIgnored(@TempDir Path dir) throws IOException {
        KitIgnore ignore = KitIgnore.load(dir);
        assertThat(ignore.matches("Kitfile")).isTrue();
        assertThat(ignore.matches("model.bin")).isFalse();
        assertThat(ignore.hasExclusions()).isFalse();
    }

    @Test
    void badClassNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".kitignore"), "# ok\nfine.txt\nbad[a\n");
        assertThatThrownBy(() -> KitIgnore.load(dir))
                .isInstanceOf(LayerSelectionException.class)
                .hasMessageContaining(".kitignore line 3")
                .hasMessageContaining("bad[a");
    }

    @Test
    void otherMalformedPatternsAreRejected() {
        for (String bad : List.of("[]", "[-a]", "x[a-]", "!", "trailing\\", "[z-a]")) {
            assertThatThrownBy(() -> KitIgnore.parse(".kitignore", List.of("ok", bad)))
                    .as(bad)
                    .isInstanceOf(LayerSelectionException.class)
                    .hasMessageContaining(".kitignore line 2");
        }
    }
}
