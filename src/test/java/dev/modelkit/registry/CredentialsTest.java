package dev.modelkit.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker-format credential files, helpers, kit's credentials.json, the order, and the plain-HTTP rule. */
class CredentialsTest {

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    @Test
    void authsEntriesWithBase64AuthOrIdentityTokenAndDockerHubAliases() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:hubpass") + "\"},"
                + "\"registry.example:5000\":{\"auth\":\"" + b64("u:p:with:colons") + "\"},"
                + "\"https://token.example\":{\"identitytoken\":\"refresh-123\"}}}");
        DockerConfigCredentials c = new DockerConfigCredentials(config, Map.of());
        assertThat(c.credentialsFor("docker.io")).contains(new Credentials("hubuser", "hubpass"));
        assertThat(c.credentialsFor("registry.example:5000")).contains(new Credentials("u", "p:with:colons"));
        assertThat(c.credentialsFor("registry.example")).isEmpty();
        assertThat(c.credentialsFor("token.example")).contains(Credentials.identityToken("refresh-123"));
        assertThat(new DockerConfigCredentials(dir.resolve("absent.json"), Map.of()).credentialsFor("x")).isEmpty();
    }

    @Test
    void credHelpersBeatCredsStoreWhichBeatsAuths() throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        helper(bin, "perhost", "per-host-user", "per-host-secret");
        helper(bin, "store", "store-user", "store-secret");
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"credHelpers\":{\"a.example\":\"perhost\"},\"credsStore\":\"store\","
                + "\"auths\":{\"a.example\":{\"auth\":\"" + b64("x:y") + "\"},\"c.example\":{\"auth\":\""
                + b64("x:y") + "\"}}}");
        Map<String, String> env = Map.of("PATH", bin.toString());
        DockerConfigCredentials c = new DockerConfigCredentials(config, env);
        assertThat(c.credentialsFor("a.example")).contains(new Credentials("per-host-user", "per-host-secret"));
        assertThat(c.credentialsFor("b.example")).contains(new Credentials("store-user", "store-secret"));
        // A store without an entry (helper exits 1) falls back to auths.
        Files.writeString(bin.resolve("docker-credential-store"), "#!/bin/sh\necho 'credentials not found' >&2\nexit 1\n");
        assertThat(c.credentialsFor("c.example")).contains(new Credentials("x", "y"));
        assertThat(c.toString()).doesNotContain("secret");
    }

    private static void helper(Path bin, String name, String user, String secret) throws Exception {
        Path h = bin.resolve("docker-credential-" + name);
        Files.writeString(h, "#!/bin/sh\nread server\n[ \"$1\" = get ] || exit 2\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + user + "\",\"Secret\":\"" + secret + "\"}' \"$server\"\n");
        Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theStandardOrderIsExplicitThenSettingsThenDockerThenKit() throws Exception {
        Path home = dir.resolve("home");
        Path docker = home.resolve(".docker/config.json");
        Path kit = home.resolve(".local/share/kitops/credentials.json");
        Files.createDirectories(docker.getParent());
        Files.createDirectories(kit.getParent());
        Files.writeString(docker, "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("docker:d") + "\"}}}");
        Files.writeString(kit, "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("kit:k") + "\"},"
                + "\"k.example\":{\"auth\":\"" + b64("kit:k") + "\"}}}");
        CredentialSource settings = new ExplicitCredentials(new Credentials("maven", "m"), "settings.xml");
        CredentialSource explicit = new ExplicitCredentials(new Credentials("pom", "p"), "POM");
        assertThat(CredentialSources.standard(explicit, settings, Map.of(), home).credentialsFor("r.example"))
                .contains(new Credentials("pom", "p"));
        assertThat(CredentialSources.standard(null, settings, Map.of(), home).credentialsFor("r.example"))
                .contains(new Credentials("maven", "m"));
        CredentialChain ambient = CredentialSources.standard(null, null, Map.of(), home);
        assertThat(ambient.resolve("r.example")).map(CredentialChain.Found::source).contains(docker.toString());
        assertThat(ambient.credentialsFor("k.example")).contains(new Credentials("kit", "k"));
        assertThat(ambient.credentialsFor("none.example")).isEqualTo(Optional.empty());
        Path kitHome = dir.resolve("kithome");
        Files.createDirectories(kitHome);
        Files.writeString(kitHome.resolve("credentials.json"), "{\"auths\":{\"n.example\":{\"auth\":\""
                + b64("kh:v") + "\"}}}");
        assertThat(CredentialSources.standard(null, null, Map.of("KITOPS_HOME", kitHome.toString()), home)
                .credentialsFor("n.example")).contains(new Credentials("kh", "v"));
    }

    @Test
    void credentialsTravelOverPlainHttpOnlyToLoopbackOrWithTheOptIn() {
        TransportSettings s = TransportSettings.defaults();
        assertThat(Loopback.mayCarryCredentials(URI.create("https://r.example/v2/"), s)).isTrue();
        assertThat(Loopback.mayCarryCredentials(URI.create("http://127.0.0.1:5000/v2/"), s)).isTrue();
        assertThat(Loopback.mayCarryCredentials(URI.create("http://localhost:5000/v2/"), s)).isTrue();
        assertThat(Loopback.mayCarryCredentials(URI.create("http://[::1]:5000/v2/"), s)).isTrue();
        assertThat(Loopback.mayCarryCredentials(URI.create("http://r.example/v2/"), s)).isFalse();
        assertThat(Loopback.mayCarryCredentials(URI.create("http://127.0.0.1.evil.example/v2/"), s)).isFalse();
        assertThat(Loopback.mayCarryCredentials(URI.create("http://r.example/v2/"),
                s.withSendCredentialsOverHttp(true))).isTrue();
    }
}
