package dev.modelkit.kitfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Go encoding/json details of the config blob. */
class KitfileJsonTest {

    private static String json(Kitfile k) {
        return new String(KitfileJson.toJson(k), StandardCharsets.UTF_8);
    }

    private static Kitfile withName(String name) {
        return new Kitfile("1.0.0", new PackageInfo(name, null, null, null, null), null, null, null, null, null);
    }

    @Test
    void htmlCharactersAreEscapedLikeGo() {
        assertThat(json(withName("<a href=\"x\">&amp;</a>")))
                .isEqualTo("{\"manifestVersion\":\"1.0.0\",\"package\":{\"name\":"
                        + "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\"}}");
    }

    @Test
    void nonAsciiIsRawUtf8ExceptLineSeparators() {
        byte[] bytes = KitfileJson.toJson(withName("données 日本語 🙂 \u2028\u2029"));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"données 日本語 🙂 \\u2028\\u2029\"");
        assertThat(bytes).contains("é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void controlCharactersAndQuotes() {
        assertThat(json(withName("a\"b\\c\nd\re\tf\u0001g\u001fh\u007fi\b\f")))
                .contains("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\u007fi\\b\\f\"");
    }

    @Test
    void unpairedSurrogateBecomesReplacementCharacter() {
        assertThat(json(withName("x\ud800y"))).contains("\"x\\ufffdy\"");
    }

    @Test
    void mapKeysSortBytewiseNotByUtf16() {
        // U+FF5E sorts before U+1F642 in UTF-8 but after it in UTF-16.
        Parameters p = new Parameters(Map.of("\uD83D\uDE42", 1L, "\uFF5E", 2L, "B", 3L, "a", 4L));
        Kitfile k = new Kitfile("1.0.0", null, new Model(null, "m", null, null, null, null, null, null, p, null),
                null, null, null, null);
        assertThat(json(k)).contains("{\"B\":3,\"a\":4,\"\uFF5E\":2,\"\uD83D\uDE42\":1}");
    }

    @Test
    void emptyKitfileStillHasPackageAndManifestVersion() {
        assertThat(json(new Kitfile(null, null, null, List.of(), List.of(), List.of(), List.of())))
                .isEqualTo("{\"manifestVersion\":\"\",\"package\":{}}");
    }

    @Test
    void fieldOrderAndDocsPathAlwaysPresent() {
        LayerInfo li = new LayerInfo("sha256:d", "sha256:i");
        Kitfile k = new Kitfile("1.0.0", new PackageInfo("n", "v", "d", "l", List.of("a")),
                new Model("n", "p", "l", "fw", "fmt", "v", "d",
                        List.of(new ModelPart("n", "p", "l", "t", li)), new Parameters(Map.of()), li),
                List.of(new CodeEntry("p", "d", "l", li)),
                List.of(new Dataset("n", "p", "rp", "rh", "d", "l", new Parameters(1L), li)),
                List.of(new Doc(null, "d", li)), List.of(new Prompt("n", "p", "d", li)));
        String li2 = "\"digest\":\"sha256:d\",\"diffId\":\"sha256:i\"";
        assertThat(json(k)).isEqualTo("{\"manifestVersion\":\"1.0.0\","
                + "\"package\":{\"name\":\"n\",\"version\":\"v\",\"description\":\"d\",\"license\":\"l\",\"authors\":[\"a\"]},"
                + "\"model\":{\"name\":\"n\",\"path\":\"p\",\"license\":\"l\",\"framework\":\"fw\",\"format\":\"fmt\","
                + "\"version\":\"v\",\"description\":\"d\",\"parts\":[{\"name\":\"n\",\"path\":\"p\",\"license\":\"l\","
                + "\"type\":\"t\"," + li2 + "}],\"parameters\":{}," + li2 + "},"
                + "\"code\":[{\"path\":\"p\",\"description\":\"d\",\"license\":\"l\"," + li2 + "}],"
                + "\"datasets\":[{\"name\":\"n\",\"path\":\"p\",\"remotePath\":\"rp\",\"remoteHash\":\"rh\","
                + "\"description\":\"d\",\"license\":\"l\",\"parameters\":1," + li2 + "}],"
                + "\"docs\":[{\"path\":\"\",\"description\":\"d\"," + li2 + "}],"
                + "\"prompts\":[{\"name\":\"n\",\"path\":\"p\",\"description\":\"d\"," + li2 + "}]}");
    }

    @Test
    void nanCannotBeWritten() {
        Kitfile k = new Kitfile("1.0.0", null, new Model(null, "m", null, null, null, null, null, null,
                new Parameters(Double.NaN), null), null, null, null, null);
        assertThatThrownBy(() -> KitfileJson.toJson(k)).isInstanceOf(IllegalArgumentException.class);
    }
}
