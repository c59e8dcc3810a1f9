package dev.modelkit.registry;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (distribution 2.8) on 127.0.0.1 and a free port, with fresh storage, optionally with
 * htpasswd basic auth and/or TLS. Always {@link #close()} it (try-with-resources): it stops the process it started.
 */
public final class TestRegistry implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private TestRegistry(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(onPath("docker-registry"), "docker-registry is not installed");
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param htpasswd a bcrypt htpasswd file, or null for no auth
     * @param tls      {certificate, key} PEM files, or null for plain HTTP
     */
    public static TestRegistry start(Path dir, Path htpasswd, Path[] tls) throws IOException, InterruptedException {
        assumeInstalled();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path d = dir.resolve("registry-" + port);
            Files.createDirectories(d.resolve("data"));
            StringBuilder yml = new StringBuilder("version: 0.1\nlog: {level: warn}\nstorage:\n  filesystem: {rootdirectory: ")
                    .append(d.resolve("data")).append("}\n  delete: {enabled: true}\nhttp:\n  addr: \"127.0.0.1:")
                    .append(port).append("\"\n  secret: test-only-secret\n");
            if (tls != null) {
                yml.append("  tls: {certificate: ").append(tls[0]).append(", key: ").append(tls[1]).append("}\n");
            }
            if (htpasswd != null) {
                yml.append("auth:\n  htpasswd: {realm: test, path: ").append(htpasswd).append("}\n");
            }
            Files.writeString(d.resolve("config.yml"), yml);
            ProcessBuilder pb = new ProcessBuilder("docker-registry", "serve", d.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(d.resolve("registry.log").toFile());
            // The registry reads REGISTRY_* variables as overrides: start it with a clean environment.
            Map<String, String> env = pb.environment();
            String path = env.get("PATH");
            env.clear();
            env.put("PATH", path);
            Process p = pb.start();
            TestRegistry r = new TestRegistry(p, port, d);
            if (r.awaitListening()) {
                return r;
            }
            r.close();
            last = new IOException("registry did not start: " + Files.readString(d.resolve("registry.log")));
        }
        throw last;
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Where distribution's filesystem driver keeps a blob's bytes (tests tamper with it). */
    public Path blobData(dev.modelkit.oci.Digest digest) {
        return dir.resolve("data").resolve("docker/registry/v2/blobs/sha256").resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex()).resolve("data");
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("registry.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a command with a bounded wait; returns its output, failing the test on a non-zero exit. */
    static String run(List<String> command, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }
}
