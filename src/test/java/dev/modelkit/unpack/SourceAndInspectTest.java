package dev.modelkit.unpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a source string is read, and what inspect prints for a ModelKit and a ModelPack written by kit. */
class SourceAndInspectTest {

    @Test
    void sourceForms(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("layout"));
        assertThat(SourceReference.parse("layout", dir)).isEqualTo(new SourceReference.LocalPath(dir.resolve("layout")));
        assertThat(SourceReference.parse("ghcr.io/org/model:1.0", dir)).isInstanceOf(SourceReference.Registry.class);
        assertThat(SourceReference.parse("localhost/model:1", dir)).isInstanceOf(SourceReference.Registry.class);
        assertThat(SourceReference.parse("localhost:5000/model:1", dir)).isInstanceOf(SourceReference.Registry.class);
        assertThat(SourceReference.parse("com.example:model:1.0", dir))
                .isEqualTo(new SourceReference.Coordinates("com.example", "model", "1.0", null));
        assertThat(SourceReference.parse("com.example:model:1.0:modelkit", dir))
                .isEqualTo(new SourceReference.Coordinates("com.example", "model", "1.0", "modelkit"));
        assertThat(SourceReference.parse("model:1.0", dir)).isEqualTo(new SourceReference.StoreName("model:1.0"));
        assertThat(SourceReference.parse("team/model:1.0", dir)).isInstanceOf(SourceReference.StoreName.class);
        assertThat(SourceReference.parse("model@sha256:" + "0".repeat(64), dir))
                .isInstanceOf(SourceReference.StoreName.class);
        assertThatThrownBy(() -> SourceReference.parse("missing.tar", dir)).hasMessageContaining("missing.tar");
        assertThatThrownBy(() -> SourceReference.parse("team/model", dir)).hasMessageContaining("not an existing file");
    }

    @Test
    void inspectsKitsModelPack(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("tar", "-xzf", Golden.resource("golden/kit-1.10-layouts.tgz").toString(),
                "-C", dir.toString(), "basic-modelpack", "basic-none").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode mp;
        JsonNode mk;
        try (OciLayoutReader r = OciLayoutReader.open(dir.resolve("basic-modelpack"))) {
            mp = new ObjectMapper().readTree(new ArtifactInspector(new RecordingLog()).inspect(r));
        }
        try (OciLayoutReader r = OciLayoutReader.open(dir.resolve("basic-none"))) {
            mk = new ObjectMapper().readTree(new ArtifactInspector(new RecordingLog()).inspect(r));
        }
        assertThat(mp.path("format").asText()).isEqualTo("modelpack");
        assertThat(mp.path("kitfile").path("model").path("name").asText()).isEqualTo("tiny");
        assertThat(mp.path("modelPackConfig").path("modelfs").path("diffIds")).hasSize(4);
        assertThat(mp.path("manifest").path("artifactType").asText()).isEqualTo("application/vnd.cncf.model.manifest.v1+json");
        assertThat(mk.path("format").asText()).isEqualTo("modelkit");
        assertThat(mk.path("kitfile").path("package").path("name").asText()).isEqualTo("basic");
        assertThat(mk.has("modelPackConfig")).isFalse();
    }
}
