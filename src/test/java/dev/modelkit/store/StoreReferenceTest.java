package dev.modelkit.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kit's reference rules, file names, home folder and size format (reference §6). */
class StoreReferenceTest {

    @ParameterizedTest
    @CsvSource({
            "basic:1.0.0, localhost, basic, 1.0.0",
            "org/repo:tag, localhost, org/repo, tag",
            "registry.example.com/team/parts:v1, registry.example.com, team/parts, v1",
            "localhost:5000/a/b:c, localhost:5000, a/b, c",
            "localhost/foo:1, localhost, localhost/foo, 1",
            "my-model, localhost, my-model, ",
    })
    void parsesLikeKit(String text, String registry, String repository, String tag) {
        StoreReference r = StoreReference.parse(text).get(0);
        assertThat(r.registry()).isEqualTo(registry);
        assertThat(r.repository()).isEqualTo(repository);
        assertThat(r.tag()).isEqualTo(tag);
    }

    @Test
    void extraCommaSeparatedTags() {
        assertThat(StoreReference.parse("repo:a,b,c")).extracting(StoreReference::tag).containsExactly("a", "b", "c");
    }

    @Test
    void digestsAndBareDigests() {
        String d = "sha256:" + "a".repeat(64);
        StoreReference bare = StoreReference.parse(d).get(0);
        assertThat(bare.repositoryKey()).isEqualTo("localhost/_");
        assertThat(bare.digest()).isEqualTo(d);
        assertThat(StoreReference.parse("x/y@" + d).get(0).digest()).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper:1", "-start:1", "end-:1", "a//b:1", "repo:.dot", "repo:-dash", "repo:sp ace",
            "repo:", "a__-b:1"})
    void rejectsWhatKitRejects(String text) {
        assertThatThrownBy(() -> StoreReference.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tagLengthLimit() {
        StoreReference.checkTag("a".repeat(128));
        assertThatThrownBy(() -> StoreReference.checkTag("a".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileStemIsUrlSafeBase64WithPadding() {
        assertThat(StoreReference.parse("test").get(0).fileStem()).isEqualTo("bG9jYWxob3N0L3Rlc3Q=");
        assertThat(StoreReference.display("localhost/team/x")).isEqualTo("team/x");
        assertThat(StoreReference.display("localhost/_")).isEmpty();
    }

    @Test
    void homeFolderFollowsKitsOrder() {
        Path userHome = Path.of("/home/u");
        Path explicit = Path.of("/explicit");
        assertThat(KitopsHome.resolve(explicit, Map.of("KITOPS_HOME", "/env"), "Linux", userHome)).isEqualTo(explicit);
        assertThat(KitopsHome.resolve(null, Map.of("KITOPS_HOME", "/env"), "Linux", userHome)).isEqualTo(Path.of("/env"));
        assertThat(KitopsHome.resolve(null, Map.of("XDG_DATA_HOME", "/xdg"), "Linux", userHome))
                .isEqualTo(Path.of("/xdg/kitops"));
        assertThat(KitopsHome.resolve(null, Map.of(), "Linux", userHome))
                .isEqualTo(Path.of("/home/u/.local/share/kitops"));
        assertThat(KitopsHome.resolve(null, Map.of(), "Mac OS X", userHome))
                .isEqualTo(Path.of("/home/u/Library/Caches/kitops"));
        assertThat(KitopsHome.resolve(null, Map.of("LOCALAPPDATA", "/lad"), "Windows 11", userHome))
                .isEqualTo(Path.of("/lad/kitops"));
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "123, 123 B", "1023, 1023 B", "1024, 1.0 KiB", "30720, 30.0 KiB", "16896, 16.5 KiB",
            "1572864, 1.5 MiB", "1048575, 1023.9 KiB", "5368709120, 5.0 GiB"})
    void sizesLikeKit(long bytes, String shown) {
        assertThat(ModelKitTable.formatSize(bytes)).isEqualTo(shown);
    }
}
