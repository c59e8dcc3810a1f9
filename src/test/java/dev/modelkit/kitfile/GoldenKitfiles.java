package dev.modelkit.kitfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The golden cases' Kitfiles, taken from the heredocs of make-trees.sh (no need to build the trees). */
final class GoldenKitfiles {

    private static final Pattern CASE = Pattern.compile(
            "^new (\\S+)\\n.*?^kitfile <<'K'\\n(.*?)^K$", Pattern.MULTILINE | Pattern.DOTALL);

    private GoldenKitfiles() {
    }

    static Map<String, String> all() {
        String script = resource("/golden/make-trees.sh");
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = CASE.matcher(script);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static String resource(String name) {
        try (InputStream in = GoldenKitfiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
