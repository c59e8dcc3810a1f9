package dev.modelkit.kitfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.modelkit.testing.Golden;

/** The config blob for each golden case must be byte-identical to what kit 1.10 wrote (same digest and size). */
class GoldenConfigParityTest {

    private static final JsonNode REFERENCE = Golden.reference();

    static Stream<String> cases() {
        return Golden.kitfiles().keySet().stream();
    }

    @Test
    void allNineCasesAreFound() {
        assertThat(Golden.kitfiles()).hasSize(9);
        assertThat(Golden.kitfiles().keySet()).containsExactlyInAnyOrderElementsOf(
                () -> REFERENCE.get("tarNone").fieldNames());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void configMatchesKit(String name) throws Exception {
        JsonNode golden = REFERENCE.get("tarNone").get(name);
        Kitfile kitfile = new KitfileReader().read(Golden.kitfiles().get(name), name + "/Kitfile", true);

        List<LayerElement> elements = kitfile.layerElements();
        JsonNode layers = golden.get("layers");
        assertThat(elements).hasSize(layers.size());
        List<LayerInfo> infos = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode layer = layers.get(i);
            assertThat(layer.get("mediaType").asText())
                    .isEqualTo("application/vnd.kitops.modelkit." + elements.get(i).kind().mediaTypeWord() + ".v1.tar");
            assertThat(layer.get("annotations").get("org.cncf.model.filepath").asText())
                    .isEqualTo(elements.get(i).cleanedPath());
            String digest = layer.get("digest").asText();
            infos.add(new LayerInfo(digest, digest)); // uncompressed: diffId == digest
        }

        byte[] json = KitfileJson.toJson(kitfile.withLayerInfo(infos));

        assertThat(json).hasSize(golden.get("configSize").asInt());
        assertThat("sha256:" + sha256(json)).isEqualTo(golden.get("configDigest").asText());
        // Same content as the recorded config, and it reads back to the same Kitfile.
        assertThat(new ObjectMapper().readTree(json)).isEqualTo(golden.get("config"));
        assertThat(KitfileJson.read(json)).isEqualTo(kitfile.withLayerInfo(infos));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

}
