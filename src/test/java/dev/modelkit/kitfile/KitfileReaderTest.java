package dev.modelkit.kitfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict reading: every problem names the file, the line and the key. */
class KitfileReaderTest {

    @TempDir
    Path dir;

    private KitfileException failure(String yaml) throws Exception {
        Path file = dir.resolve("Kitfile");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        try {
            new KitfileReader().read(file);
        } catch (KitfileException e) {
            assertThat(e.getSource()).isEqualTo(file.toString());
            return e;
        }
        throw new AssertionError("expected a KitfileException");
    }

    private String where(int line) {
        return dir.resolve("Kitfile") + ":" + line + ": ";
    }

    @Test
    void readsAGoodKitfile() throws Exception {
        Path file = dir.resolve("Kitfile");
        Files.writeString(file, "manifestVersion: 1.0.0\npackage: {name: x, authors: [a, b]}\ncode:\n  - path: src\n");
        Kitfile k = new KitfileReader().read(file);
        assertThat(k.pkg()).isEqualTo(new PackageInfo("x", null, null, null, java.util.List.of("a", "b")));
        assertThat(k.code()).containsExactly(new CodeEntry("src", null, null, null));
    }

    @Test
    void unknownKey() throws Exception {
        KitfileException e = failure("""
                manifestVersion: 1.0.0
                package:
                  name: x
                modle:
                  path: m
                """);
        assertThat(e.getMessage()).contains(where(4) + "unknown key 'modle' in the top level");
        assertThat(e.getProblems()).containsExactly(new KitfileProblem(4, "unknown key 'modle' in the top level"));
    }

    @Test
    void unknownNestedKeyAndLayerInfoKeys() throws Exception {
        KitfileException e = failure("""
                manifestVersion: 1.0.0
                model:
                  path: m
                  parts:
                    - path: p
                      kind: x
                code:
                  - path: c
                    digest: sha256:abc
                """);
        assertThat(e.getMessage())
                .contains(where(6) + "unknown key 'kind' in model.parts[0]")
                .contains(where(9) + "unknown key 'digest' in code[0]");
    }

    @Test
    void wrongTypes() throws Exception {
        KitfileException e = failure("""
                manifestVersion: 1.0.0
                package:
                  name: {first: a}
                  authors: tester
                model:
                  - path: m
                code:
                  path: c
                datasets:
                  - path: [a, b]
                  - just-a-string
                """);
        assertThat(e.getMessage())
                .contains(where(3) + "'package.name' must be a string, not a map")
                .contains(where(4) + "'package.authors' must be a list of strings, not a string")
                .contains(where(5) + "'model' must be a map (key: value), not a list")
                .contains(where(7) + "'code' must be a list, not a map")
                .contains(where(10) + "'datasets[0].path' must be a string, not a list")
                .contains(where(11) + "'datasets[1]' must be a map (key: value), not a string");
        assertThat(e.getProblems()).hasSize(6);
    }

    @Test
    void authorsMustBeStrings() throws Exception {
        KitfileException e = failure("manifestVersion: 1.0.0\npackage:\n  authors:\n    - a\n    - {b: c}\n");
        assertThat(e.getMessage()).contains(where(5) + "'package.authors' must be a list of strings");
    }

    @Test
    void duplicateKey() throws Exception {
        KitfileException e = failure("""
                manifestVersion: 1.0.0
                package:
                  name: a
                  name: b
                """);
        assertThat(e.getMessage()).contains(where(4) + "duplicate key 'name' (already defined at line 3)");
    }

    @Test
    void badYaml() throws Exception {
        KitfileException e = failure("""
                manifestVersion: 1.0.0
                package:
                  name: a
                   version: b
                """);
        assertThat(e.getProblems()).hasSize(1);
        assertThat(e.getProblems().get(0).line()).isEqualTo(4);
        assertThat(e.getMessage()).contains(where(4) + "invalid YAML: mapping values are not allowed here");
    }

    @Test
    void emptyAndNonMapDocuments() throws Exception {
        assertThat(failure("").getMessage()).contains("the Kitfile is empty");
        assertThat(failure("- a\n- b\n").getMessage()).contains(where(1) + "the Kitfile must be a map");
    }

    @Test
    void mcpServersAreNotSupportedYet() throws Exception {
        KitfileException e = failure("manifestVersion: 1.0.0\nmcpServers:\n  - name: s\n    path: s.mcpb\n");
        assertThat(e.getMessage()).contains(where(2) + "'mcpServers' (MCP server bundles) is not supported by this"
                + " plugin yet");
    }

    @Test
    void mergeKeysAndUnknownAnchorsAreReported() throws Exception {
        KitfileException e = failure("""
                base: &b {path: x}
                model:
                  <<: *b
                """);
        assertThat(e.getMessage()).contains(where(1) + "unknown key 'base'").contains(where(3) + "YAML merge keys");
    }

    @Test
    void anchorsAndAliasesWork() throws Exception {
        Path file = dir.resolve("Kitfile");
        Files.writeString(file, "package: &p {name: x}\nmodel:\n  parameters: {a: *p}\n");
        Kitfile k = new KitfileReader().parse(file);
        assertThat(k.model().parameters().value()).isEqualTo(java.util.Map.of("a", java.util.Map.of("name", "x")));
    }

    @Test
    void structureAndValidationProblemsComeTogetherInLineOrder() throws Exception {
        KitfileException e = failure("""
                manifestVersion: 1.0.0
                model:
                  path: /abs/model
                code:
                  - path: http://example.com/code
                    lisence: MIT
                """);
        assertThat(e.getProblems()).extracting(KitfileProblem::line).containsExactly(3, 5, 6);
        assertThat(e.getMessage())
                .contains(where(3) + "absolute paths are not supported in a Kitfile (path /abs/model in model)")
                .contains(where(5) + "HTTP URLs are not supported in paths (http://example.com/code in code layer 0)")
                .contains(where(6) + "unknown key 'lisence' in code[0]");
    }

    @Test
    void parseSkipsPathRules() throws Exception {
        Kitfile k = new KitfileReader().read("model:\n  path: /abs\n", "Kitfile", false);
        assertThat(k.model().path()).isEqualTo("/abs");
    }

    @Test
    void configJsonIsStrictToo() {
        assertThatThrownBy(() -> KitfileJson.read("{\"manifestVersion\":\"1.0.0\",\"package\":{\"name\":1},\"x\":2}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KitfileException.class)
                .hasMessageContaining("'package.name' must be a string, not a number")
                .hasMessageContaining("unknown key 'x' in the top level");
        assertThatThrownBy(() -> KitfileJson.read("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("invalid JSON");
    }
}
