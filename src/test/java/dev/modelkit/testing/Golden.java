package dev.modelkit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The golden data kit 1.10 wrote (copied from the shared golden folder into test resources): the input trees,
 * built by the committed {@code make-trees.sh}, and what kit made of them.
 */
public final class Golden {

    public static final List<String> CASES = List.of(
            "basic", "kitignore", "long-names", "nested", "overlap", "parts", "path-formats", "sizes", "unicode");

    private Golden() {
    }

    /** One entry of a kit layer as {@code tar -tv} listed it. */
    public record ListedEntry(boolean directory, int mode, long size, String name) {
    }

    /** One layer of a golden case, in manifest order. */
    public record ListedLayer(String caseName, String mediaType, String digest, List<ListedEntry> entries) {
    }

    /** Builds the golden input trees under {@code dir} (one folder per case) with the committed script. */
    public static Path buildTrees(Path dir) {
        Path script = resource("golden/make-trees.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("make-trees.sh failed: " + out);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode reference() {
        try (InputStream in = Files.newInputStream(resource("golden/kit-1.10-reference.json"))) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The layers of every case as kit-1.10-layer-listings.txt lists them, in file order. */
    public static List<ListedLayer> listings() {
        List<ListedLayer> layers = new ArrayList<>();
        try {
            List<ListedEntry> current = null;
            for (String line : Files.readAllLines(resource("golden/kit-1.10-layer-listings.txt"))) {
                if (line.startsWith("== ")) {
                    String[] parts = line.substring(3).split(" ");
                    current = new ArrayList<>();
                    layers.add(new ListedLayer(parts[0], parts[1], parts[2], current));
                } else if (!line.isBlank()) {
                    // drwxr-xr-x 1000/0            0 1970-01-01 00:00:00 name
                    String[] f = line.split(" +", 6);
                    current.add(new ListedEntry(f[0].charAt(0) == 'd', parseMode(f[0]), Long.parseLong(f[2]), f[5]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layers;
    }

    public static List<ListedLayer> listings(String caseName) {
        return listings().stream().filter(l -> l.caseName().equals(caseName)).toList();
    }

    /** "drwxr-sr-x" style to bits, setuid/setgid/sticky included. */
    static int parseMode(String s) {
        int mode = 0;
        String perms = s.substring(1);
        int[] bits = {0400, 0200, 0100, 040, 020, 010, 04, 02, 01};
        for (int i = 0; i < 9; i++) {
            char c = perms.charAt(i);
            if (c != '-' && c != 'S' && c != 'T') {
                mode |= bits[i];
            }
        }
        if (perms.charAt(2) == 's' || perms.charAt(2) == 'S') {
            mode |= 04000;
        }
        if (perms.charAt(5) == 's' || perms.charAt(5) == 'S') {
            mode |= 02000;
        }
        if (perms.charAt(8) == 't' || perms.charAt(8) == 'T') {
            mode |= 01000;
        }
        return mode;
    }

    public static Path resource(String name) {
        try {
            return Path.of(Golden.class.getClassLoader().getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
