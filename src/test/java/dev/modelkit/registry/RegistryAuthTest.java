package dev.modelkit.registry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authentication against real registries: distribution 2.8 with htpasswd basic auth, with TLS from a CA this test
 * makes, and the bearer token flow through a front that demands tokens from its own token service.
 */
class RegistryAuthTest {

    private static final String USER = "builder";
    private static final String PASSWORD = "s3cret-Pa55-word";
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(2));

    @TempDir
    Path dir;
    private PackedFixture fixture;

    @BeforeEach
    void pack() throws Exception {
        TestRegistry.assumeInstalled();
        fixture = PackedFixture.pack(dir.resolve("fixture"), 50_000, 7);
    }

    private Path htpasswd() throws Exception {
        Assumptions.assumeTrue(TestRegistry.onPath("htpasswd"), "htpasswd (apache2-utils) is not installed");
        Path file = dir.resolve("htpasswd");
        TestRegistry.run(List.of("htpasswd", "-Bbc", file.toString(), USER, PASSWORD), null);
        return file;
    }

    private PushRequest request(String registry, TransportSettings transport, CredentialSource credentials) {
        return new PushRequest(fixture.layout(), registry, "secure/model", List.of("1.0.0"), List.of(),
                UploadPolicy.defaults(), transport.withRetry(FAST), credentials);
    }

    private static CredentialSource explicit(String password) {
        return new ExplicitCredentials(new Credentials(USER, password), "test parameters");
    }

    @Test
    void basicAuthPushesWithCredentialsAndNeverLogsTheSecret() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir, htpasswd(), null)) {
            CapturingLog log = new CapturingLog();
            TransportSettings plain = TransportSettings.defaults().withPlainHttp(true);
            PushResult r = new Pusher(log).push(request(registry.address(), plain,
                    CredentialSources.standard(explicit(PASSWORD), null, java.util.Map.of(), dir)));
            assertThat(r.pushed().get(0).digest().toString()).isEqualTo(fixture.digest());
            assertThat(log.all()).contains("Using credentials for " + registry.address() + " from test parameters")
                    .doesNotContain(PASSWORD)
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()));

            PullResult pulled = new Puller(log).pull(new PullRequest(ImageReference.parse(registry.address()
                    + "/secure/model:1.0.0"), dir.resolve("pulled"), plain, explicit(PASSWORD), 2));
            assertThat(pulled.manifest().digest().toString()).isEqualTo(fixture.digest());

            assertThatThrownBy(() -> new Pusher(log).push(request(registry.address(), plain, explicit("wrong"))))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("401")
                    .hasMessageContaining("the credentials were refused");
            assertThatThrownBy(() -> new Pusher(log).push(request(registry.address(), plain,
                    CredentialSource.ANONYMOUS)))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("no credentials found for");
            assertThat(log.all()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void credentialsComeFromADockerConfigFile() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir, htpasswd(), null)) {
            Path dockerDir = dir.resolve("docker");
            Files.createDirectories(dockerDir);
            String auth = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
            Files.writeString(dockerDir.resolve("config.json"),
                    "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
            CapturingLog log = new CapturingLog();
            new Pusher(log).push(request(registry.address(), TransportSettings.defaults().withPlainHttp(true),
                    CredentialSources.standard(null, null, java.util.Map.of("DOCKER_CONFIG", dockerDir.toString()),
                            dir)));
            assertThat(log.all()).contains("from " + dockerDir.resolve("config.json")).doesNotContain(PASSWORD);
        }
    }

    @Test
    void tlsWithATestCaIsTrustedThroughTheBundleAndRefusedWithout() throws Exception {
        Assumptions.assumeTrue(TestRegistry.onPath("openssl"), "openssl is not installed");
        Path[] tls = TestCa.make(dir.resolve("ca"));
        try (TestRegistry registry = TestRegistry.start(dir, htpasswd(), new Path[]{tls[1], tls[2]})) {
            CapturingLog log = new CapturingLog();
            TransportSettings verified = TransportSettings.defaults().withCaCertificates(tls[0]);
            PushResult r = new Pusher(log).push(request(registry.address(), verified, explicit(PASSWORD)));
            assertThat(r.pushed().get(0).digest().toString()).isEqualTo(fixture.digest());

            assertThatThrownBy(() -> new Pusher(log).push(request(registry.address(), TransportSettings.defaults(),
                    explicit(PASSWORD)))).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("SSLHandshakeException");

            PushResult insecure = new Pusher(log).push(request(registry.address(),
                    TransportSettings.defaults().withTlsVerify(false), explicit(PASSWORD)));
            assertThat(insecure.uploaded()).isZero();
            if (TestRegistry.onPath("skopeo")) {
                String raw = TestRegistry.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                        "--creds", USER + ":" + PASSWORD, "docker://" + registry.address() + "/secure/model:1.0.0"),
                        null);
                assertThat(dev.modelkit.oci.Digest.of(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString()).isEqualTo(fixture.digest());
            }
            assertThat(log.all()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void bearerTokensAreFetchedWithPushPullAndMountScopes() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir, null, null);
             RecordingProxy front = new RecordingProxy(registry.address())) {
            front.requireBearer(USER, PASSWORD);
            CapturingLog log = new CapturingLog();
            TransportSettings plain = TransportSettings.defaults().withPlainHttp(true).withRetry(FAST);
            new Pusher(log).push(new PushRequest(fixture.layout(), front.address(), "team/first", List.of("1.0.0"),
                    List.of(), UploadPolicy.defaults(), plain, explicit(PASSWORD)));
            assertThat(front.tokenRequests).anySatisfy(q -> assertThat(q)
                    .contains("service=test-registry").contains("scope=repository:team/first:pull,push")
                    .contains("account=" + USER));
            // Every registry request after the first 401 carried the token.
            assertThat(front.seen.stream().filter(s -> s.authorization() == null).count()).isEqualTo(1);

            front.tokenRequests.clear();
            PushResult mounted = new Pusher(log).push(new PushRequest(fixture.layout(), front.address(),
                    "team/second", List.of("1.0.0"), List.of("team/first"), UploadPolicy.defaults(), plain,
                    explicit(PASSWORD)));
            assertThat(mounted.mounted()).isEqualTo(3);
            assertThat(front.tokenRequests).anySatisfy(q -> assertThat(q)
                    .contains("scope=repository:team/first:pull").contains("scope=repository:team/second:pull,push"));

            PullResult pulled = new Puller(log).pull(new PullRequest(ImageReference.parse(front.address()
                    + "/team/second:1.0.0"), dir.resolve("pulled"), plain, explicit(PASSWORD), 2));
            assertThat(pulled.manifest().digest().toString()).isEqualTo(fixture.digest());

            assertThatThrownBy(() -> new Pusher(log).push(new PushRequest(fixture.layout(), front.address(),
                    "team/third", List.of("1.0.0"), List.of(), UploadPolicy.defaults(), plain, explicit("bad"))))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("refused a token")
                    .hasMessageContaining("UNAUTHORIZED");
            assertThat(log.all()).doesNotContain(PASSWORD);
        }
    }
}
