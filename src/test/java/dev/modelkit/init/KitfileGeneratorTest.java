package dev.modelkit.init;

import dev.modelkit.kitfile.KitfileReader;
import dev.modelkit.kitfile.KitfileYaml;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.LayerElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** kit's TestKitfileGeneration scenarios (reference §8), compared as the YAML kit init would write. */
class KitfileGeneratorTest {

    @TempDir
    Path dir;

    private void files(String... names) throws Exception {
        for (String n : names) {
            file(n, 10);
        }
    }

    private void file(String name, int size) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        String content = "testing: " + name;
        Files.writeString(p, size <= content.length() ? content : content + "x".repeat(size - content.length()));
    }

    private String init(int depth) throws Exception {
        Kitfile k = KitfileGenerator.generate(dir, new InitOptions("test", "desc", List.of("me"), depth));
        String yaml = new String(KitfileYaml.write(k), StandardCharsets.UTF_8);
        // whatever init writes must be a valid Kitfile that reads back the same
        assertThat(new KitfileReader().read(yaml, "generated", true)).isEqualTo(k);
        return yaml;
    }

    private String init() throws Exception {
        return init(0);
    }

    private static final String HEAD = "manifestVersion: 1.0.0\npackage:\n  name: test\n  description: desc\n"
            + "  authors: [me]\n";

    @Test
    void emptyFolder() throws Exception {
        assertThat(init()).isEqualTo(HEAD);
    }

    @Test
    void existingKitfilesAreIgnoredAndASingleWeightsFileIsTheModel() throws Exception {
        files("Kitfile", "kitfile", ".kitfile", "test-model.npy");
        assertThat(init()).isEqualTo(HEAD + "model:\n  name: test-model\n  path: test-model.npy\n");
    }

    @Test
    void typesAreDetectedByName() throws Exception {
        files("model.safetensors", "config.json", "train.csv", "guide.md", "script.sh", "agents.md",
                "x.prompt.txt", "README.txt", "LICENSE");
        assertThat(init()).isEqualTo(HEAD + """
                model:
                  name: model
                  path: model.safetensors
                  parts:
                    - path: config.json
                code:
                  - path: script.sh
                datasets:
                  - name: train
                    path: train.csv
                docs:
                  - path: LICENSE
                    description: License file
                  - path: README.txt
                    description: Readme file
                  - path: guide.md
                prompts:
                  - path: agents.md
                  - path: x.prompt.txt
                """);
    }

    @Test
    void manyUnknownFilesBecomeOneCodeEntry() throws Exception {
        files("a.sh", "b.sh", "c.sh", "d.sh", "e.sh", "f.sh");
        assertThat(init()).isEqualTo(HEAD + "code:\n  - path: .\n");
    }

    @Test
    void metadataBecomesDatasetsWithoutAModel() throws Exception {
        files("config.json", "notes.txt");
        assertThat(init()).isEqualTo(HEAD + "datasets:\n  - name: config\n    path: config.json\n"
                + "  - name: notes\n    path: notes.txt\n");
    }

    @Test
    void equalShardsMakeTheFirstTheModel() throws Exception {
        file("model-00002-of-00003.safetensors", 100);
        file("model-00001-of-00003.safetensors", 100);
        file("model-00003-of-00003.safetensors", 90);
        assertThat(init()).isEqualTo(HEAD + """
                model:
                  name: model-00001-of-00003
                  path: model-00001-of-00003.safetensors
                  parts:
                    - path: model-00002-of-00003.safetensors
                    - path: model-00003-of-00003.safetensors
                """);
    }

    @Test
    void aDominantFileIsTheModel() throws Exception {
        file("adapter-a.gguf", 20);
        file("big.gguf", 5000);
        file("adapter-b.gguf", 20);
        assertThat(init()).isEqualTo(HEAD + """
                model:
                  name: big
                  path: big.gguf
                  parts:
                    - path: adapter-a.gguf
                    - path: adapter-b.gguf
                """);
    }

    @Test
    void foldersByNameAndByContents() throws Exception {
        files("src/main.py", "pkg/x.go", "lib/y.c", "build/z.o", "docs/index.md", "weights/model.onnx",
                "weights/config.json", "data/a.csv", "data/b.parquet", "guides/a.md", "guides/b.pdf",
                "mixed/a.md", "mixed/b.csv", "nested/deeper/x.csv", "prompts-dir/a.prompt", "skill/SKILL.md",
                "skill/run.sh", "empty/.DS_Store");
        assertThat(init()).isEqualTo(HEAD + """
                model:
                  name: model
                  path: weights/model.onnx
                  parts:
                    - path: weights/config.json
                code:
                  - path: build/
                  - path: lib/
                  - path: mixed/
                  - path: nested/
                  - path: pkg/
                  - path: src/
                datasets:
                  - name: data
                    path: data/
                docs:
                  - path: docs/
                  - path: guides/
                prompts:
                  - path: prompts-dir/
                  - path: skill/
                """);
    }

    @Test
    void skillAtTheRootIsOnePrompt() throws Exception {
        files("SKILL.md", "helper.py", "model.onnx");
        assertThat(init()).isEqualTo(HEAD + "prompts:\n  - path: .\n");
    }

    @Test
    void osJunkIsIgnored() throws Exception {
        files(".DS_Store", "Thumbs.db", "desktop.ini", "._model.onnx", "model.onnx", ".git/config");
        assertThat(init()).isEqualTo(HEAD + "model:\n  name: model\n  path: model.onnx\n");
    }

    @Test
    void depthMinusOneListsEveryFileOnItsOwn() throws Exception {
        files("model/my-model.bin", "datasets/train.csv", "code/run.py", "docs/a.md", "a/b/c/d.txt", "x1.sh",
                "x2.sh", "x3.sh", "x4.sh", "x5.sh", "x6.sh", ".kitignore", "Kitfile");
        Kitfile k = KitfileGenerator.generate(dir, new InitOptions(null, null, null, -1));
        List<String> paths = k.layerElements().stream().map(LayerElement::path).sorted().toList();
        assertThat(paths).containsExactly("a/b/c/d.txt", "code/run.py", "datasets/train.csv", "docs/a.md",
                "model/my-model.bin", "x1.sh", "x2.sh", "x3.sh", "x4.sh", "x5.sh", "x6.sh");
        for (String p : paths) {
            assertThat(dir.resolve(p)).isRegularFile();
        }
        assertThat(k.pkg().name()).isEqualTo(dir.getFileName().toString());
    }

    @Test
    void depthOneListsTopFoldersFileByFile() throws Exception {
        files("sub/model.onnx", "sub/inner/a.csv");
        assertThat(init(1)).isEqualTo(HEAD + """
                model:
                  name: model
                  path: sub/model.onnx
                datasets:
                  - name: inner
                    path: sub/inner/
                """);
    }
}
