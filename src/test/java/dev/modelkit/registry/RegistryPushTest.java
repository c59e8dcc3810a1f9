package dev.modelkit.registry;

import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Push and pull against a real distribution 2.8 registry on 127.0.0.1 (plain HTTP), checked with skopeo. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryPushTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(5));

    @TempDir
    Path dir;
    private Path shared;
    private TestRegistry registry;
    private PackedFixture fixture;

    @BeforeAll
    void start(@TempDir Path classDir) throws Exception {
        shared = classDir;
        registry = TestRegistry.start(classDir, null, null);
        fixture = PackedFixture.pack(classDir.resolve("fixture"), 300_000, 42);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static TransportSettings plain() {
        return TransportSettings.defaults().withPlainHttp(true).withRetry(FAST);
    }

    private static PushRequest request(Path source, String registry, String repository, List<String> tags,
                                       List<String> mountFrom, long chunkSize) {
        return new PushRequest(source, registry, repository, tags, mountFrom,
                new UploadPolicy(chunkSize, UploadPolicy.KIT_MONOLITHIC_REGISTRIES, 3), plain(),
                CredentialSource.ANONYMOUS);
    }

    private static void assumeSkopeo() {
        Assumptions.assumeTrue(TestRegistry.onPath("skopeo"), "skopeo is not installed");
    }

    private static String registryDigest(String reference) throws Exception {
        String raw = TestRegistry.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + reference), null);
        return Digest.of(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    @Test
    void pushedManifestHasThePackedDigestAndSkopeoCopiesItWithDigestsPreserved() throws Exception {
        assumeSkopeo();
        PushResult r = new Pusher(new CapturingLog()).push(request(fixture.layout(), registry.address(), "team/chunked",
                List.of("1.0.0", "latest"), List.of(), 64 * 1024));
        assertThat(r.pushed()).extracting(PushResult.Pushed::reference)
                .containsExactly(registry.address() + "/team/chunked:1.0.0", registry.address() + "/team/chunked:latest");
        assertThat(r.uploaded()).isEqualTo(3);
        assertThat(registryDigest(registry.address() + "/team/chunked:1.0.0")).isEqualTo(fixture.digest());
        assertThat(registryDigest(registry.address() + "/team/chunked:latest")).isEqualTo(fixture.digest());
        Path pulled = dir.resolve("skopeo-pulled");
        TestRegistry.run(List.of("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false",
                "docker://" + registry.address() + "/team/chunked:1.0.0", "oci:" + pulled + ":1.0.0"), null);
        assertThat(Files.readString(pulled.resolve("index.json"))).contains(fixture.digest());
    }

    @Test
    void aChunkedPushReadsTheOciArchiveInSlices() throws Exception {
        PushResult r = new Pusher(new CapturingLog()).push(request(fixture.archive(), registry.address(),
                "team/archive-chunked", List.of("2.0.0"), List.of(), 50_000));
        assertThat(r.uploaded()).isEqualTo(3);
        assertThat(r.pushed()).extracting(PushResult.Pushed::digest).extracting(Object::toString)
                .containsExactly(fixture.digest());
        try (RegistryArtifactSource back = RegistryArtifactSource.open(ImageReference.parse(registry.address()
                + "/team/archive-chunked:2.0.0"), plain(), CredentialSource.ANONYMOUS, new CapturingLog())) {
            for (Descriptor d : fixture.result().manifest().layers()) {
                try (InputStream in = back.blob(d)) {
                    assertThat(Digest.of(in.readAllBytes())).isEqualTo(d.digest());
                }
            }
        }
    }

    @Test
    void aSecondPushOfAnUnchangedModelKitUploadsNoBlobBytes() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(registry.address())) {
            new Pusher(new CapturingLog()).push(request(fixture.archive(), proxy.address(), "team/again",
                    List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE));
            assertThat(proxy.blobBytesUploaded()).isGreaterThan(300_000);
            proxy.seen.clear();
            PushResult second = new Pusher(new CapturingLog()).push(request(fixture.archive(), proxy.address(),
                    "team/again", List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE));
            assertThat(second.uploaded()).isZero();
            assertThat(second.present()).isEqualTo(3);
            assertThat(proxy.blobBytesUploaded()).isZero();
            assertThat(proxy.count("POST", "/blobs/uploads/")).isZero();
            assertThat(proxy.count("PUT", "/manifests/")).isZero();
        }
    }

    @Test
    void blobsKnownInAnotherRepositoryAreMountedNotSent() throws Exception {
        new Pusher(new CapturingLog()).push(request(fixture.layout(), registry.address(), "team/origin",
                List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE));
        try (RecordingProxy proxy = new RecordingProxy(registry.address())) {
            PushResult r = new Pusher(new CapturingLog()).push(request(fixture.layout(), proxy.address(),
                    "other/copy", List.of("1.0.0"), List.of("team/origin"), UploadPolicy.DEFAULT_CHUNK_SIZE));
            assertThat(r.mounted()).isEqualTo(3);
            assertThat(r.uploaded()).isZero();
            assertThat(proxy.blobBytesUploaded()).isZero();
            assertThat(proxy.count("POST", "mount=")).isEqualTo(3);
        }
    }

    @Test
    void aConnectionDroppedMidUploadEndsInACompleteVerifiedPush() throws Exception {
        assumeSkopeo();
        AtomicBoolean droppedPatch = new AtomicBoolean();
        AtomicBoolean droppedPut = new AtomicBoolean();
        try (RecordingProxy proxy = new RecordingProxy(registry.address())) {
            proxy.addFault((ex, seen) -> {
                if (seen.method().equals("PATCH") && seen.bodyBytes() > 0 && !droppedPatch.getAndSet(true)) {
                    return RecordingProxy.drop(ex);
                }
                if (seen.method().equals("PUT") && seen.path().contains("/blobs/uploads/") && seen.bodyBytes() > 0
                        && !droppedPut.getAndSet(true)) {
                    return RecordingProxy.drop(ex);
                }
                return false;
            });
            CapturingLog log = new CapturingLog();
            // 128 KiB chunks: the 300 kB model goes up chunked, the small dataset and config monolithic.
            new Pusher(log).push(request(fixture.layout(), proxy.address(), "team/flaky", List.of("1.0.0"),
                    List.of(), 128 * 1024));
            assertThat(droppedPatch).isTrue();
            assertThat(droppedPut).isTrue();
            assertThat(log.all()).containsAnyOf("Resuming blob", "starting it again");
        }
        assertThat(registryDigest(registry.address() + "/team/flaky:1.0.0")).isEqualTo(fixture.digest());
        Path pulled = dir.resolve("flaky-pulled");
        TestRegistry.run(List.of("skopeo", "copy", "--preserve-digests", "--src-tls-verify=false",
                "docker://" + registry.address() + "/team/flaky:1.0.0", "oci:" + pulled + ":1.0.0"), null);
        for (Descriptor d : fixture.result().manifest().layers()) {
            assertThat(Digest.of(Files.readAllBytes(pulled.resolve("blobs/sha256/" + d.digest().hex()))))
                    .isEqualTo(d.digest());
        }
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterItsRetryAfter() throws Exception {
        AtomicBoolean throttled = new AtomicBoolean();
        try (RecordingProxy proxy = new RecordingProxy(registry.address())) {
            proxy.addFault((ex, seen) -> {
                if (seen.method().equals("PUT") && seen.path().contains("/manifests/") && !throttled.getAndSet(true)) {
                    ex.getRequestBody().readAllBytes();
                    ex.getResponseHeaders().set("Retry-After", "1");
                    RecordingProxy.reply(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
                    return true;
                }
                return false;
            });
            long start = System.nanoTime();
            new Pusher(new CapturingLog()).push(request(fixture.layout(), proxy.address(), "team/throttled",
                    List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(throttled).isTrue();
            // FAST's own backoff is 50 ms: only Retry-After explains a wait of a second.
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(1000);
            assertThat(proxy.count("PUT", "/manifests/")).isEqualTo(2);
        }
    }

    @Test
    void aCorruptLocalBlobIsRefusedBeforeAnyUpload() throws Exception {
        Path copy = dir.resolve("corrupt");
        copyTree(fixture.layout(), copy);
        Descriptor model = fixture.result().manifest().layers().get(0);
        Path blob = copy.resolve("blobs/sha256/" + model.digest().hex());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 1;
        Files.write(blob, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        try (RecordingProxy proxy = new RecordingProxy(registry.address())) {
            assertThatThrownBy(() -> new Pusher(new CapturingLog()).push(request(copy, proxy.address(),
                    "team/corrupt", List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE)))
                    .isInstanceOf(BlobVerificationException.class)
                    .hasMessageContaining(model.digest().toString())
                    .hasMessageContaining("does not match its content");
            assertThat(proxy.count("POST", "/blobs/uploads/")).isZero();
            assertThat(proxy.blobBytesUploaded()).isZero();
        }
    }

    @Test
    void aRefusedUploadNamesTheBlobAndTheRegistryAnswer() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(registry.address())) {
            proxy.addFault((ex, seen) -> {
                if (seen.method().equals("POST") && seen.path().contains("/blobs/uploads/")) {
                    RecordingProxy.reply(ex, 403, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access"
                            + " to the resource is denied\"}]}");
                    return true;
                }
                return false;
            });
            assertThatThrownBy(() -> new Pusher(new CapturingLog()).push(request(fixture.layout(), proxy.address(),
                    "team/denied", List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE)))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("blob sha256:")
                    .hasMessageContaining("403 DENIED (requested access to the resource is denied)")
                    .hasMessageContaining(proxy.address());
        }
    }

    @Test
    void pullCopiesIntoAVerifiedLayoutAndStreamsBlobsByDescriptor() throws Exception {
        new Pusher(new CapturingLog()).push(request(fixture.layout(), registry.address(), "team/pull",
                List.of("1.0.0"), List.of(), UploadPolicy.DEFAULT_CHUNK_SIZE));
        Path out = dir.resolve("pulled");
        PullResult r = new Puller(new CapturingLog()).pull(new PullRequest(
                ImageReference.parse(registry.address() + "/team/pull:1.0.0"), out, plain(),
                CredentialSource.ANONYMOUS, 3));
        assertThat(r.manifest().digest().toString()).isEqualTo(fixture.digest());
        assertThat(r.fetched()).isEqualTo(3);
        assertThat(Files.readString(out.resolve("index.json"))).contains(fixture.digest())
                .contains("\"org.opencontainers.image.ref.name\":\"1.0.0\"");
        try (dev.modelkit.oci.OciLayoutReader pulled = dev.modelkit.oci.OciLayoutReader.open(out, "1.0.0")) {
            assertThat(pulled.manifestBytes()).isEqualTo(fixture.result().manifestDescriptor().size() > 0
                    ? Files.readAllBytes(fixture.layout().resolve("blobs/sha256/" + fixture.digest().substring(7)))
                    : null);
        }
        // By digest, through the streaming source another goal can unpack from.
        ImageReference byDigest = ImageReference.parse(registry.address() + "/team/pull@" + fixture.digest());
        try (RegistryArtifactSource source = RegistryArtifactSource.open(byDigest, plain(), CredentialSource.ANONYMOUS,
                new CapturingLog())) {
            assertThat(source.manifestDescriptor().digest().toString()).isEqualTo(fixture.digest());
            Descriptor model = fixture.result().manifest().layers().get(0);
            try (InputStream in = source.blob(model)) {
                assertThat(Digest.of(in.readAllBytes())).isEqualTo(model.digest());
            }
            Descriptor lying = new Descriptor(model.mediaType(), fixture.result().manifest().layers().get(1).digest(),
                    model.size());
            assertThatThrownBy(() -> {
                try (InputStream in = source.blob(lying)) {
                    in.readAllBytes();
                }
            }).isInstanceOf(BlobVerificationException.class);
        }
        // A second pull finds every blob in place.
        PullResult again = new Puller(new CapturingLog()).pull(new PullRequest(
                ImageReference.parse(registry.address() + "/team/pull:1.0.0"), out, plain(),
                CredentialSource.ANONYMOUS, 3));
        assertThat(again.fetched()).isZero();
    }

    @Test
    void pushRecordAddsPushedReferencesToModelkitJson() throws Exception {
        Path json = dir.resolve("modelkit.json");
        Files.copy(fixture.metadata(), json);
        Digest d = Digest.parse(fixture.digest());
        PushRecord.add(json, List.of(new PushResult.Pushed("r.example/a:1", d)));
        PushRecord.add(json, List.of(new PushResult.Pushed("r.example/a:1", d), new PushResult.Pushed("r.example/b:1", d)));
        String text = Files.readString(json);
        assertThat(text).contains("\"layers\"").contains("\"reference\" : \"r.example/b:1\"");
        assertThat(text.split("r.example/a:1", -1)).hasSize(2);
        assertThat(PushRecord.repositoriesOn(json, "r.example")).containsExactly("a", "b");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
