package dev.modelkit.kitfile;

import dev.modelkit.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The YAML writer: go-yaml v3 (indent 2) output, and the reader reads back an equal Kitfile. */
class KitfileYamlTest {

    private static Kitfile parse(String yaml) throws KitfileException {
        return new KitfileReader().read(yaml, "Kitfile", false);
    }

    private static String write(Kitfile k) {
        return new String(KitfileYaml.write(k), StandardCharsets.UTF_8);
    }

    static final List<String> PARAMETER_FIXTURES = List.of(
            "model:\n  parameters:\n    test-bool: true\n    test-bool-str: \"true\"\n    test-float: 12.3\n"
                    + "    test-negative: -123\n    test-number: 123\n    test-string: string\n",
            "model:\n  parameters: {a: 1, b: [2.5, x], c: {d: null, e: []}, f: {}}\n",
            "datasets:\n  - path: d\n    parameters:\n      z: {B: 0, a: [3, {y: 1, x: 2}], b: 1}\n      Z: []\n"
                    + "      a: {}\n      é: 1\n      k10: 1\n      k2: 2\n      lr: 1.0e-5\n      big: 1.5e+30\n",
            "model:\n  parameters:\n    nested: [[1, 2], [a, [b]], {x: [1]}]\n    s: ['yes', '1.0', '', ' x', 'a: b', '#c']\n",
            "model:\n  parameters: plain text\n",
            "model:\n  parameters: [1, two, 3.5]\n");

    static Stream<String> kitfiles() {
        List<String> all = new ArrayList<>(Golden.kitfiles().values());
        PARAMETER_FIXTURES.forEach(p -> all.add("manifestVersion: 1.0.0\n" + p));
        all.add("""
                manifestVersion: "1.0"
                package:
                  name: 'yes'
                  version: "1.10"
                  description: "line one\\nline two\\n"
                  authors: [Doe, John, "Smith, Jane", "a: b", "[x]"]
                model:
                  name: m
                  path: " leading"
                  description: "trailing "
                prompts:
                  - name: p
                    path: AGENTS.md
                    description: "multi\\n\\nparagraph"
                """);
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("kitfiles")
    void readsBackWhatItWrites(String yaml) throws Exception {
        Kitfile k = parse(yaml);
        String written = write(k);
        Kitfile back = parse(written);
        // Kit's own equality is the config JSON: a float like 1200.0 is written "1200" (go-yaml) and reads back as an
        // integer, which Go's JSON writes identically.
        assertThat(KitfileJson.toJson(back)).as(written).isEqualTo(KitfileJson.toJson(k));
        assertThat(write(back)).isEqualTo(written);
        if (!yaml.contains("e+30") && !yaml.contains("1.0e-5")) {
            assertThat(back).as(written).isEqualTo(k);
        }
    }

    @Test
    void writesLikeKit() throws Exception {
        Kitfile k = parse("""
                manifestVersion: 1.0.0
                package:
                  name: my-model
                  version: "1.10"
                  description: A model
                  authors: [Ada Lovelace, "Hopper, Grace"]
                model:
                  name: llama
                  path: model.gguf
                  parts:
                    - path: config.json
                      type: config
                  parameters:
                    temperature: 0.7
                    stop: [x, "yes"]
                code:
                  - path: src/
                datasets:
                  - name: train
                    path: data/train.csv
                docs:
                  - path: README.md
                    description: Readme file
                """);
        assertThat(write(k)).isEqualTo("""
                manifestVersion: 1.0.0
                package:
                  name: my-model
                  version: "1.10"
                  description: A model
                  authors: [Ada Lovelace, 'Hopper, Grace']
                model:
                  name: llama
                  path: model.gguf
                  parts:
                    - path: config.json
                      type: config
                  parameters:
                    stop:
                      - x
                      - "yes"
                    temperature: 0.7
                code:
                  - path: src/
                datasets:
                  - name: train
                    path: data/train.csv
                docs:
                  - path: README.md
                    description: Readme file
                """);
    }

    @Test
    void quotesOnlyWhereGoYamlDoes() {
        String[][] cases = {
                {"1.0.0", "1.0.0"}, {"1.10", "\"1.10\""}, {"123", "\"123\""}, {"true", "\"true\""},
                {"yes", "\"yes\""}, {"n", "\"n\""}, {"null", "\"null\""}, {"~", "\"~\""},
                {"0x1F", "\"0x1F\""}, {"1e3", "\"1e3\""}, {".inf", "\".inf\""},
                {"2024-01-02", "\"2024-01-02\""}, {"12:30", "\"12:30\""}, {"a: b", "'a: b'"}, {"#x", "'#x'"},
                {"a #b", "'a #b'"}, {"a#b", "a#b"}, {"- x", "'- x'"}, {"-x", "-x"}, {"'q'", "'''q'''"},
                {"*ref", "'*ref'"}, {"key:", "'key:'"}, {"http://x/y", "http://x/y"}, {"über", "über"},
                {"tab\there", "\"tab\\there\""}, {"---", "'---'"}, {"v1", "v1"}, {"@at", "'@at'"},
                {"a,b", "a,b"}, {"bell\u0007", "\"bell\\a\""}};
        for (String[] c : cases) {
            assertThat(GoYamlStrings.scalar(c[0], GoYamlStrings.Context.BLOCK, 0)).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void emptyAndSpaceStrings() {
        assertThat(GoYamlStrings.scalar("", GoYamlStrings.Context.BLOCK, 0)).isEqualTo("\"\"");
        assertThat(GoYamlStrings.scalar(" x", GoYamlStrings.Context.BLOCK, 0)).isEqualTo("' x'");
        assertThat(GoYamlStrings.scalar("a,b", GoYamlStrings.Context.FLOW, 0)).isEqualTo("'a,b'");
    }

    @Test
    void multiLineTextIsALiteralBlock() throws Exception {
        Kitfile k = parse("manifestVersion: 1.0.0\npackage:\n  description: \"one\\n\\ntwo\\n\"\n"
                + "code:\n  - path: x\n    description: \"a\\nb\"\n");
        assertThat(write(k)).isEqualTo("manifestVersion: 1.0.0\npackage:\n  description: |\n    one\n\n    two\n"
                + "code:\n  - path: x\n    description: |-\n      a\n      b\n");
    }

    @ParameterizedTest
    @CsvSource({"1200, 1200", "12.3, 12.3", "1e6, 1e+06", "1234567, 1.234567e+06", "0.0001, 0.0001",
            "0.00001, 1e-05", "-2.5, -2.5", "123456.5, 123456.5"})
    void floatsLikeStrconvG(double d, String expected) {
        assertThat(GoYamlEmitter.formatFloat(d)).isEqualTo(expected);
    }

    @Test
    void mapKeysInGoYamlOrder() {
        List<String> keys = new ArrayList<>(List.of("b", "a10", "a2", "A", "a", "1", "_x", "a1b"));
        keys.sort(GoYamlKeyOrder.INSTANCE);
        assertThat(keys).containsExactly("_x", "1", "A", "a", "a1b", "a2", "a10", "b");
    }

    @Test
    void emptyKitfile() {
        assertThat(write(new Kitfile("1.0.0", null, null, null, null, null, null)))
                .isEqualTo("manifestVersion: 1.0.0\n");
        assertThat(write(new Kitfile("1.0.0", new PackageInfo("x", null, null, null, List.of()), null, null, null,
                null, null))).isEqualTo("manifestVersion: 1.0.0\npackage:\n  name: x\n");
        assertThat(Map.of()).isEmpty();
    }
}
