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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern KITFILE = Pattern.compile(
            "^new (\\S+)\\n.*?^kitfile <<'K'\\n(.*?)^K$", Pattern.MULTILINE | Pattern.DOTALL);

    /** Each case's Kitfile, in script order, taken from the heredocs of make-trees.sh (no need to build the trees). */
    public static Map<String, String> kitfiles() {
        try {
            String script = Files.readString(resource("golden/make-trees.sh"), StandardCharsets.UTF_8);
            Map<String, String> out = new LinkedHashMap<>();
            Matcher m = KITFILE.matcher(script);
            while (m.find()) {
                out.put(m.group(1), m.group(2));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode reference() {
        try (InputStream in = Files.newInputStream(resource("golden/kit-1.10-reference.json"))) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern GROUP = Pattern.compile("^== (\\S+) (\\S+) (\\S+)$");
    // drwxr-xr-x 1000/0            0 1970-01-01 00:00:00 name
    private static final Pattern ENTRY = Pattern.compile("^([d-][rwxsStT-]{9}) \\d+/\\d+ +(\\d+) \\S+ \\S+ (.+)$");

    /**
     * The layers of every case as kit-1.10-layer-listings.txt lists them, in file order. A line that is neither a
     * layer heading nor a file or folder entry fails loudly, so a damaged fixture cannot shrink what tests compare.
     */
    public static List<ListedLayer> listings() {
        List<ListedLayer> layers = new ArrayList<>();
        try {
            List<ListedEntry> current = null;
            for (String line : Files.readAllLines(resource("golden/kit-1.10-layer-listings.txt"))) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher g = GROUP.matcher(line);
                if (g.matches()) {
                    current = new ArrayList<>();
                    layers.add(new ListedLayer(g.group(1), g.group(2), g.group(3), current));
                    continue;
                }
                Matcher e = ENTRY.matcher(line);
                if (!e.matches() || current == null) {
                    throw new IllegalStateException("unexpected listing line: " + line);
                }
                current.add(new ListedEntry(line.charAt(0) == 'd', parseMode(e.group(1)), Long.parseLong(e.group(2)),
                        e.group(3)));
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
