package dev.modelkit.store;

import dev.modelkit.GoJsonStrings;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store files escape strings exactly as Go ≥ 1.22's encoding/json (kit 1.10) does, with the same escaper as the
 * Kitfile config JSON: {@code \b} and {@code \f} as short escapes, a lone surrogate as {@code \}{@code ufffd}.
 */
class StoreJsonEscapingTest {

    private static final String TRICKY = "a\bb\fc\u0001<>&\u2028\u2029\ud800x\udc00\uD83D\uDE00\"\\\n\r\t";
    private static final String GO = "\"a\\bb\\fc\\u0001\\u003c\\u003e\\u0026\\u2028\\u2029\\ufffdx\\ufffd\uD83D\uDE00"
            + "\\\"\\\\\\n\\r\\t\"";

    @Test
    void storeStringsAreEscapedAsGo122Does() {
        StringBuilder out = new StringBuilder();
        StoreJson.string(out, TRICKY);
        assertThat(out.toString()).isEqualTo(GO).isEqualTo(GoJsonStrings.quote(TRICKY));
    }

    @Test
    void aTagsFileCarriesTheSameEscapes() {
        Descriptor d = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(new byte[0]), 2,
                Map.of("org.opencontainers.image.ref.name", "x\by\f"), null);
        TreeMap<String, Descriptor> tags = new TreeMap<>(Map.of("v1", d));
        String json = new String(StoreJson.tags(tags), StandardCharsets.UTF_8);
        assertThat(json).contains("\"x\\by\\f\"").doesNotContain("\\u0008").doesNotContain("\\u000c");
    }
}
