package dev.modelkit.registry;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.unpack.ExistingFiles;
import dev.modelkit.unpack.UnpackException;
import dev.modelkit.unpack.UnpackRequest;
import dev.modelkit.unpack.UnpackResult;
import dev.modelkit.unpack.Unpacker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unpacking straight from a registry: a ModelKit pushed to a real distribution 2.8 on 127.0.0.1 is streamed into the
 * unpacker by tag and by digest and verified there like a layout or archive; a blob tampered with in the registry's
 * storage fails the unpack, naming the blob.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryUnpackTest {

    private static final TransportSettings PLAIN = TransportSettings.defaults().withPlainHttp(true)
            .withRetry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofSeconds(1)));

    private TestRegistry registry;
    private PackedFixture fixture;

    @BeforeAll
    void start(@TempDir Path classDir) throws Exception {
        registry = TestRegistry.start(classDir, null, null);
        fixture = PackedFixture.pack(classDir.resolve("fixture"), 200_000, 7);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private void push(String repository) throws Exception {
        new Pusher(new CapturingLog()).push(new PushRequest(fixture.layout(), registry.address(), repository,
                List.of("1.0.0"), List.of(), new UploadPolicy(UploadPolicy.DEFAULT_CHUNK_SIZE,
                UploadPolicy.KIT_MONOLITHIC_REGISTRIES, 2), PLAIN, CredentialSource.ANONYMOUS));
    }

    private UnpackResult unpack(String reference, Path out) throws Exception {
        try (RegistryArtifactSource source = RegistryArtifactSource.open(ImageReference.parse(reference), PLAIN,
                CredentialSource.ANONYMOUS, new CapturingLog())) {
            return new Unpacker(new CapturingLog()).unpack(source, new UnpackRequest(out, List.of(),
                    ExistingFiles.FAIL));
        }
    }

    private void assertSameFiles(Path out) throws Exception {
        for (String name : List.of("model.bin", "data.csv")) {
            assertThat(Files.readAllBytes(out.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(fixture.project().resolve(name)));
        }
        assertThat(out.resolve("Kitfile")).exists();
    }

    @Test
    void unpacksByTagAndByDigestWithByteIdenticalFiles(@TempDir Path dir) throws Exception {
        push("team/unpack");
        UnpackResult byTag = unpack(registry.address() + "/team/unpack:1.0.0", dir.resolve("by-tag"));
        assertThat(byTag.manifestDigest().toString()).isEqualTo(fixture.digest());
        assertSameFiles(dir.resolve("by-tag"));

        UnpackResult byDigest = unpack(registry.address() + "/team/unpack@" + fixture.digest(),
                dir.resolve("by-digest"));
        assertThat(byDigest.manifestDigest().toString()).isEqualTo(fixture.digest());
        assertSameFiles(dir.resolve("by-digest"));
    }

    @Test
    void aBlobTamperedWithInTheRegistryFailsNamingTheBlob(@TempDir Path dir) throws Exception {
        push("team/tampered");
        Descriptor model = fixture.result().manifest().layers().stream()
                .filter(d -> d.size() > 100_000).findFirst().orElseThrow();
        Path data = registry.blobData(model.digest());
        byte[] bytes = Files.readAllBytes(data);
        try {
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(data, bytes);
            Path out = dir.resolve("out");
            assertThatThrownBy(() -> unpack(registry.address() + "/team/tampered:1.0.0", out))
                    .isInstanceOf(UnpackException.class)
                    .hasMessageContaining(model.digest().toString());
            assertThat(out.resolve("model.bin")).doesNotExist();
        } finally {
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(data, bytes);
        }
        assertThat(Digest.of(Files.readAllBytes(data))).isEqualTo(model.digest());
    }
}
