package dev.modelkit.registry;

import dev.modelkit.oci.Digest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reference parsing (docker's and kit's rules), WWW-Authenticate parsing, upload policy and backoff. */
class ReferenceAndPolicyTest {

    private static final String HEX = "a".repeat(64);

    @Test
    void referencesFollowDockerRules() {
        ImageReference r = ImageReference.parse("registry.example:5000/team/model:1.0");
        assertThat(r).isEqualTo(new ImageReference("registry.example:5000", "team/model", "1.0", null));
        assertThat(r.hostWithoutPort()).isEqualTo("registry.example");
        assertThat(ImageReference.parse("team/model")).isEqualTo(new ImageReference("docker.io", "team/model",
                "latest", null));
        assertThat(ImageReference.parse("model:2").repository()).isEqualTo("library/model");
        assertThat(ImageReference.parse("model:2").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("localhost/model:3").registry()).isEqualTo("localhost");
        ImageReference d = ImageReference.parse("ghcr.io/o/m@sha256:" + HEX);
        assertThat(d.digest()).isEqualTo(new Digest(HEX));
        assertThat(d.tag()).isNull();
        assertThat(d.manifestReference()).isEqualTo("sha256:" + HEX);
        assertThat(ImageReference.parse("ghcr.io/o/m:t@sha256:" + HEX).tag()).isEqualTo("t");
        assertThat(ImageReference.parse("127.0.0.1:5000/a/b:1").toString()).isEqualTo("127.0.0.1:5000/a/b:1");
        assertThatThrownBy(() -> ImageReference.parse("r.example/Upper/case:1"))
                .hasMessageContaining("invalid repository name");
        assertThatThrownBy(() -> ImageReference.parse("r.example/a:bad tag")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void challengesAreParsedWithQuotedCommas() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"reg\","
                + "scope=\"repository:a/b:pull,push\"").orElseThrow();
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
        assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
        assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().scheme()).isEqualTo("basic");
    }

    @Test
    void kitsRegistriesGetMonolithicUploadsOthersChunkLargeBlobs() {
        UploadPolicy p = UploadPolicy.defaults();
        long big = UploadPolicy.DEFAULT_CHUNK_SIZE;
        assertThat(p.chunked("ghcr.io", big)).isFalse();
        assertThat(p.chunked("europe-docker.pkg.dev", big)).isFalse();
        assertThat(p.chunked("gcr.io", big)).isFalse();
        assertThat(p.chunked("eu.gcr.io", big)).isFalse();
        assertThat(p.chunked("1234.dkr.ecr.us-east-1.amazonaws.com", big)).isFalse();
        assertThat(p.chunked("1234.dkr.ecr.cn-north-1.amazonaws.com.cn", big)).isFalse();
        assertThat(p.chunked("harbor.example:8443", big)).isTrue();
        assertThat(p.chunked("harbor.example", big - 1)).isFalse();
        UploadPolicy custom = new UploadPolicy(1024, UploadPolicy.withKitDefaults(List.of("nexus.example")), 2);
        assertThat(custom.chunked("nexus.example:8082", 4096)).isFalse();
        assertThat(custom.chunked("other.example", 4096)).isTrue();
        assertThat(new UploadPolicy(0, List.of(), 1).chunked("other.example", Long.MAX_VALUE)).isFalse();
    }

    @Test
    void backoffDoublesAndRetryAfterIsCapped() {
        RetryPolicy r = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(r.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(r.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(r.backoff(10)).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.capped(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void uploadLocationsKeepTheirStateQuery() {
        Digest d = new Digest(HEX);
        assertThat(RegistryClient.withDigest(URI.create("http://r/v2/a/blobs/uploads/u?_state=x"), d).toString())
                .isEqualTo("http://r/v2/a/blobs/uploads/u?_state=x&digest=sha256:" + HEX);
        assertThat(RegistryClient.withDigest(URI.create("http://r/v2/a/blobs/uploads/u"), d).toString())
                .isEqualTo("http://r/v2/a/blobs/uploads/u?digest=sha256:" + HEX);
    }
}
