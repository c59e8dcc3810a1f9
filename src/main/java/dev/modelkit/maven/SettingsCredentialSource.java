package dev.modelkit.maven;

import dev.modelkit.registry.CredentialSource;
import dev.modelkit.registry.Credentials;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Credentials from a settings.xml {@code <server>}: the id given as {@code serverId}, else the registry as
 * {@code host:port}, else the host alone (Jib's lookup). Passwords go through Maven's SettingsDecrypter, so
 * {@code mvn --encrypt-password} values work; a decryption error fails the build instead of sending garbage.
 */
final class SettingsCredentialSource implements CredentialSource {

    private final Settings settings;
    private final SettingsDecrypter decrypter;
    private final String serverId;

    SettingsCredentialSource(Settings settings, SettingsDecrypter decrypter, String serverId) {
        this.settings = settings;
        this.decrypter = decrypter;
        this.serverId = serverId == null || serverId.isBlank() ? null : serverId.trim();
    }

    @Override
    public Optional<Credentials> credentialsFor(String registry) throws IOException {
        if (settings == null) {
            return Optional.empty();
        }
        for (String id : candidateIds(registry)) {
            Server server = settings.getServer(id);
            if (server != null) {
                Server decrypted = decrypt(server);
                if (decrypted.getUsername() == null || decrypted.getPassword() == null) {
                    throw new IOException("settings.xml <server> '" + id + "' needs both <username> and <password>");
                }
                return Optional.of(new Credentials(decrypted.getUsername(), decrypted.getPassword()));
            }
        }
        if (serverId != null) {
            throw new IOException("modelkit.serverId names '" + serverId + "' but settings.xml has no such <server>");
        }
        return Optional.empty();
    }

    private List<String> candidateIds(String registry) {
        List<String> ids = new ArrayList<>();
        if (serverId != null) {
            ids.add(serverId);
            return ids;
        }
        String r = registry.toLowerCase(Locale.ROOT);
        ids.add(r);
        int colon = r.lastIndexOf(':');
        if (colon > 0 && !r.endsWith("]")) {
            ids.add(r.substring(0, colon));
        }
        return ids;
    }

    private Server decrypt(Server server) throws IOException {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem p : result.getProblems()) {
            if (p.getSeverity() == SettingsProblem.Severity.ERROR || p.getSeverity() == SettingsProblem.Severity.FATAL) {
                throw new IOException("Cannot decrypt the password of settings.xml <server> '" + server.getId()
                        + "': " + p.getMessage());
            }
        }
        return result.getServer();
    }

    @Override
    public String description() {
        return "settings.xml <server>" + (serverId != null ? " '" + serverId + "'" : "");
    }
}
