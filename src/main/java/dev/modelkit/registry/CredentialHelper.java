package dev.modelkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a docker credential helper ({@code docker-credential-<name> get}, the server URL on stdin, JSON
 * {@code {ServerURL, Username, Secret}} on stdout), as docker, kit and Jib do. The helper is looked up on the
 * {@code PATH} of the given environment, so tests can supply their own.
 */
public final class CredentialHelper {

    private static final long TIMEOUT_SECONDS = 30;

    private final String name;
    private final Map<String, String> environment;

    public CredentialHelper(String name, Map<String, String> environment) {
        this.name = name;
        this.environment = Map.copyOf(environment);
    }

    public String executableName() {
        return "docker-credential-" + name;
    }

    /** The credentials the helper holds for the server, or empty when it has none (or is not installed). */
    public Optional<Credentials> get(String serverUrl) throws IOException {
        Optional<Path> exe = locate();
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(exe.get().toString(), "get");
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException exitedEarly) {
            // A helper that answers "not found" may exit before reading stdin; its exit code says what happened.
        }
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(executableName() + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + executableName(), e);
        }
        if (p.exitValue() != 0) {
            // Helpers exit non-zero with "credentials not found"; that means "no credentials here", not an error.
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(out);
        } catch (IOException e) {
            // The output may hold a secret: never quote it.
            throw new IOException(executableName() + " get printed something that is not JSON");
        }
        String user = json.path("Username").asText("");
        String secret = json.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(user, secret));
    }

    private Optional<Path> locate() {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executableName());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
