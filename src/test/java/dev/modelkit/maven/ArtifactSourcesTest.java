package dev.modelkit.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.registry.CredentialSource;
import dev.modelkit.registry.PackedFixture;
import dev.modelkit.registry.TestRegistry;
import dev.modelkit.registry.TransportSettings;
import dev.modelkit.store.LocalStore;
import dev.modelkit.store.StoreFixtures;
import dev.modelkit.store.StoreReference;
import dev.modelkit.testing.Golden;
import dev.modelkit.testing.RecordingLog;
import dev.modelkit.unpack.ArtifactInspector;
import dev.modelkit.unpack.ExistingFiles;
import dev.modelkit.unpack.SourceReference;
import dev.modelkit.unpack.UnpackRequest;
import dev.modelkit.unpack.Unpacker;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How unpack and inspect resolve a reference: the KitOps local store first (written by LocalStore.install, or by kit
 * itself), then the registry, except for registry {@code localhost}, which is the local store only.
 */
class ArtifactSourcesTest {

    @TempDir
    Path dir;

    private ArtifactSources.Access access(Path kitopsHome) {
        return new ArtifactSources.Access(TransportSettings.defaults().withPlainHttp(true),
                CredentialSource.ANONYMOUS, kitopsHome, new RecordingLog());
    }

    private ArtifactSource open(String source, Path kitopsHome) throws Exception {
        return ArtifactSources.open(SourceReference.parse(source, dir), access(kitopsHome));
    }

    private Path unpack(ArtifactSource source, String name) throws Exception {
        Path out = dir.resolve("out").resolve(name);
        try (source) {
            new Unpacker(new RecordingLog()).unpack(source, new UnpackRequest(out, List.of(), ExistingFiles.FAIL));
        }
        return out;
    }

    private static void assertSameFiles(Path unpacked, Path project) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(unpacked)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("Kitfile"))
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Path original = project.resolve(unpacked.relativize(f).toString());
            assertThat(Files.readAllBytes(f)).as(f.toString()).isEqualTo(Files.readAllBytes(original));
        }
    }

    @Test
    void theLocalStoreWinsThenTheRegistryButNeverForLocalhost() throws Exception {
        PackedFixture fixture = PackedFixture.pack(dir.resolve("fixture"), 50_000, 3);
        Path home = dir.resolve("kitops");
        try (TestRegistry registry = TestRegistry.start(dir, null, null)) {
            List<StoreReference> refs = new ArrayList<>(StoreReference.parse("fixture:1.0.0"));
            refs.add(StoreReference.of(registry.address(), "team/stored", "1.0.0"));
            new LocalStore(home).install(fixture.layout(), refs);
            new dev.modelkit.registry.Pusher(new RecordingLog()).push(new dev.modelkit.registry.PushRequest(
                    fixture.layout(), registry.address(), "team/remote", List.of("1.0.0"), List.of(),
                    new dev.modelkit.registry.UploadPolicy(dev.modelkit.registry.UploadPolicy.DEFAULT_CHUNK_SIZE,
                            List.of(), 1), TransportSettings.defaults().withPlainHttp(true),
                    CredentialSource.ANONYMOUS));

            // In the store: read from there, with or without kit's default registry, even when the registry lacks it.
            for (String source : List.of("fixture:1.0.0", "localhost/fixture:1.0.0",
                    "fixture@" + fixture.digest(), registry.address() + "/team/stored:1.0.0")) {
                ArtifactSource s = open(source, home);
                assertThat(s.description()).as(source).startsWith("local store ");
                assertSameFiles(unpack(s, "store-" + Math.abs(source.hashCode())), fixture.project());
            }
            // Not in the store: streamed from the registry, by tag and by digest.
            for (String source : List.of(registry.address() + "/team/remote:1.0.0",
                    registry.address() + "/team/remote@" + fixture.digest())) {
                ArtifactSource s = open(source, home);
                assertThat(s.description()).as(source).startsWith("registry ");
                assertSameFiles(unpack(s, "registry-" + Math.abs(source.hashCode())), fixture.project());
            }
            // localhost means the store only; a name without registry too.
            assertThatThrownBy(() -> open("localhost/missing:1.0", home)).isInstanceOf(MojoFailureException.class)
                    .hasMessageContaining("not in the local store");
            assertThatThrownBy(() -> open("missing:1.0", home)).isInstanceOf(MojoFailureException.class)
                    .hasMessageContaining("not in the local store");
        }
    }

    @Test
    void kitsOwnStoreIsASourceForInspectAndUnpack() throws Exception {
        Path home = StoreFixtures.kitStore(Files.createDirectories(dir.resolve("kit-home")));
        Path trees = Golden.buildTrees(dir.resolve("trees"));

        JsonNode basic;
        try (ArtifactSource s = open("basic:1.0.0", home)) {
            basic = new ObjectMapper().readTree(new ArtifactInspector(new RecordingLog()).inspect(s));
        }
        assertThat(basic.path("format").asText()).isEqualTo("modelkit");
        assertThat(basic.path("kitfile").path("package").path("name").asText()).isEqualTo("basic");

        assertSameFiles(unpack(open("basic:latest", home), "basic"), trees.resolve("basic"));
        // registry.example.com is never contacted: the store has the reference.
        ArtifactSource parts = open("registry.example.com/team/parts:v1", home);
        assertThat(parts.description()).startsWith("local store ");
        assertSameFiles(unpack(parts, "parts"), trees.resolve("parts"));
    }
}
