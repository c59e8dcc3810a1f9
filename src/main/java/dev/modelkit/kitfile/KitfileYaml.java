package dev.modelkit.kitfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * Writes a Kitfile as YAML (indent 2, no LayerInfo), for unpack and init. First version: field order and value
 * types as in the config JSON; quoting is Jackson's, not yet go-yaml's byte for byte.
 */
public final class KitfileYaml {

    private KitfileYaml() {
    }

    public static byte[] write(Kitfile kitfile) {
        Kitfile plain = kitfile.withLayerInfo(
                Collections.nCopies(kitfile.layerElements().size(), new LayerInfo(null, null)));
        try {
            JsonNode tree = new ObjectMapper().readTree(KitfileJson.toJson(plain));
            YAMLFactory yaml = YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build();
            return new ObjectMapper(yaml).writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
