package dev.modelkit.kitfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameters keep go-yaml v3's types and come out of the config JSON as Go writes them. */
class ParametersTest {

    private static Kitfile parse(String yaml) throws KitfileException {
        return new KitfileReader().read(yaml, "Kitfile", false);
    }

    private static String json(String yaml) throws KitfileException {
        return new String(KitfileJson.toJson(parse(yaml)), StandardCharsets.UTF_8);
    }

    @Test
    void kitRoundTripExample() throws Exception {
        String yaml = """
                manifestVersion: 1.0.0
                package:
                  name: test-kitfile
                model:
                  name: test-model
                  path: /tmp/path/to/model
                  parameters:
                    test-string: string
                    test-number: 123
                    test-negative: -123
                    test-float: 12.3
                    test-bool: true
                    test-bool-str: "true"
                """;
        assertThat(json(yaml)).isEqualTo("{\"manifestVersion\":\"1.0.0\",\"package\":{\"name\":\"test-kitfile\"},"
                + "\"model\":{\"name\":\"test-model\",\"path\":\"/tmp/path/to/model\",\"parameters\":{"
                + "\"test-bool\":true,\"test-bool-str\":\"true\",\"test-float\":12.3,\"test-negative\":-123,"
                + "\"test-number\":123,\"test-string\":\"string\"}}}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "0xFF | 255", "0o17 | 15", "017 | 15", "0b101 | 5", "1_000 | 1000", "-0x10 | -16", "+12 | 12",
            "1.2e+3 | 1200", "12.3 | 12.3", "1e21 | 1e+21", "1e20 | 100000000000000000000", "0.000001 | 0.000001",
            "0.0000001 | 1e-7", "1.5e-10 | 1.5e-10", ".5 | 0.5", "-.5 | -0.5", "08 | 8", "1. | 1", "-0.0 | -0",
            "0.1 | 0.1", "5e-324 | 5e-324", "1.7976931348623157e308 | 1.7976931348623157e+308",
            "18446744073709551615 | 18446744073709551615", "18446744073709551616 | 18446744073709552000",
            "true | true", "TRUE | true", "False | false", "~ | null", "null | null",
            "yes | `\"yes\"`", "on | `\"on\"`", "off | `\"off\"`", "no | `\"no\"`", "y | `\"y\"`",
            "1.10 | 1.1", "`'0xFF'` | `\"0xFF\"`", "`\"12\"` | `\"12\"`", "2024-01-02 | `\"2024-01-02\"`",
            "1e400 | `\"1e400\"`", "0x | `\"0x\"`", "1_000.5 | 1000.5", "`!!str 12` | `\"12\"`",
            "`!!float 1` | 1", "12:30 | `\"12:30\"`"})
    void scalarsResolveLikeGoYaml(String yaml, String expectedJson) throws Exception {
        String out = json("manifestVersion: 1.0.0\nmodel:\n  parameters:\n    v: " + yaml + "\n");
        assertThat(out).isEqualTo("{\"manifestVersion\":\"1.0.0\",\"package\":{},\"model\":{\"parameters\":{\"v\":"
                + expectedJson + "}}}");
    }

    @Test
    void javaTypesFollowGoYaml() throws Exception {
        Kitfile k = parse("""
                model:
                  parameters:
                    i: 0xFF
                    big: 18446744073709551615
                    f: 1.2e+3
                    b: true
                    s: on
                    n: ~
                """);
        Map<?, ?> p = (Map<?, ?>) k.model().parameters().value();
        assertThat(p.get("i")).isEqualTo(255L);
        assertThat(p.get("big")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(p.get("f")).isEqualTo(1200.0);
        assertThat(p.get("b")).isEqualTo(true);
        assertThat(p.get("s")).isEqualTo("on");
        assertThat(p.containsKey("n")).isTrue();
        assertThat(p.get("n")).isNull();
    }

    @Test
    void textFieldsStayAsWritten() throws Exception {
        Kitfile k = parse("""
                manifestVersion: 1.0
                package:
                  name: on
                  version: 1.10
                  authors: [yes, 0x1F, "a"]
                model:
                  version: 1.10
                  name: true
                """);
        assertThat(k.manifestVersion()).isEqualTo("1.0");
        assertThat(k.pkg().name()).isEqualTo("on");
        assertThat(k.pkg().version()).isEqualTo("1.10");
        assertThat(k.pkg().authors()).containsExactly("yes", "0x1F", "a");
        assertThat(k.model().version()).isEqualTo("1.10");
        assertThat(k.model().name()).isEqualTo("true");
    }

    @Test
    void nestedMapsAreSortedAndListsKeepOrder() throws Exception {
        String out = json("""
                manifestVersion: 1.0.0
                datasets:
                  - path: data
                    parameters:
                      z: {b: 1, a: [3, {y: 1, x: 2}], "B": 0}
                      a: {}
                      "é": 1
                      "Z": []
                """);
        assertThat(out).isEqualTo("{\"manifestVersion\":\"1.0.0\",\"package\":{},\"datasets\":[{\"path\":\"data\","
                + "\"parameters\":{\"Z\":[],\"a\":{},\"z\":{\"B\":0,\"a\":[3,{\"x\":2,\"y\":1}],\"b\":1},\"é\":1}}]}");
    }

    @Test
    void presentButEmptyParametersAreWrittenButNullIsNot() throws Exception {
        assertThat(json("model:\n  parameters: {}\n")).contains("\"parameters\":{}");
        assertThat(json("model:\n  parameters: \"\"\n")).contains("\"parameters\":\"\"");
        assertThat(json("model:\n  parameters:\n  name: x\n")).doesNotContain("parameters");
    }

    @Test
    void nonStringKeysAndNaNAreRefusedBecauseKitCannotWriteThem() {
        assertThatThrownBy(() -> parse("model:\n  parameters:\n    1: one\n"))
                .isInstanceOf(KitfileException.class)
                .hasMessageContaining("Kitfile:3:").hasMessageContaining("'1'");
        assertThatThrownBy(() -> parse("model:\n  parameters:\n    lr: .nan\n"))
                .isInstanceOf(KitfileException.class)
                .hasMessageContaining("Kitfile:3:").hasMessageContaining("model.parameters.lr");
    }

    @Test
    void configJsonNumbersReadBackAsGoFloat64() throws Exception {
        byte[] config = json("manifestVersion: 1.0.0\nmodel:\n  parameters: {a: 1, b: [2.5, x]}\n")
                .getBytes(StandardCharsets.UTF_8);
        Kitfile back = KitfileJson.read(config);
        assertThat(((Map<?, ?>) back.model().parameters().value()).get("a")).isEqualTo(1.0);
        assertThat(KitfileJson.toJson(back)).isEqualTo(config);
    }
}
