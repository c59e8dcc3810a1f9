package dev.modelkit.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The documented credential order (site: registries.md). The first source with credentials for the registry wins:
 * <ol>
 *   <li>explicit user name and password (plugin parameters),</li>
 *   <li>Maven settings.xml {@code <server>} (looked up and decrypted by the Maven side, passed in here),</li>
 *   <li>docker's config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}
 *       ({@code credHelpers}, {@code credsStore}, {@code auths}),</li>
 *   <li>kit's {@code credentials.json} under {@code $KITOPS_HOME}, else {@code ~/.local/share/kitops},</li>
 *   <li>anonymous.</li>
 * </ol>
 * Explicit configuration beats ambient files, and Maven's own file beats other tools' files, so a build behaves
 * the same on a developer machine (docker logged in) and in CI (settings.xml).
 */
public final class CredentialSources {

    private CredentialSources() {
    }

    /**
     * @param explicit    explicit credentials or null
     * @param mavenServer settings.xml credentials or null
     * @param environment the process environment ({@code DOCKER_CONFIG}, {@code KITOPS_HOME}, {@code PATH})
     * @param userHome    the user's home folder
     */
    public static CredentialChain standard(CredentialSource explicit, CredentialSource mavenServer,
                                           Map<String, String> environment, Path userHome) {
        List<CredentialSource> sources = new ArrayList<>();
        if (explicit != null) {
            sources.add(explicit);
        }
        if (mavenServer != null) {
            sources.add(mavenServer);
        }
        sources.add(new DockerConfigCredentials(dockerConfig(environment, userHome), environment));
        sources.add(new DockerConfigCredentials(kitCredentials(environment, userHome), environment));
        return new CredentialChain(sources);
    }

    static Path dockerConfig(Map<String, String> environment, Path userHome) {
        String dir = environment.get("DOCKER_CONFIG");
        return dir != null && !dir.isBlank()
                ? Path.of(dir, "config.json") : userHome.resolve(".docker").resolve("config.json");
    }

    static Path kitCredentials(Map<String, String> environment, Path userHome) {
        String dir = environment.get("KITOPS_HOME");
        return dir != null && !dir.isBlank()
                ? Path.of(dir, "credentials.json")
                : userHome.resolve(".local").resolve("share").resolve("kitops").resolve("credentials.json");
    }
}
