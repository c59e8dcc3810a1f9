package dev.modelkit.kitfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes a Kitfile as {@code kit} does (go-yaml v3, indent 2): keys in kit's struct order, empty fields left out,
 * {@code authors} in flow style, strings quoted only where go-yaml quotes them, parameters with their types and
 * their map keys in go-yaml's order. LayerInfo (digest, diffId) never appears: it is config-only in kit.
 */
public final class KitfileYaml {

    private KitfileYaml() {
    }

    public static byte[] write(Kitfile kitfile) {
        return GoYamlEmitter.emit(tree(kitfile)).getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Object> tree(Kitfile k) {
        Map<String, Object> top = new LinkedHashMap<>();
        // kit's struct has no omitempty on manifestVersion.
        top.put("manifestVersion", k.manifestVersion() == null ? "" : k.manifestVersion());
        Map<String, Object> pkg = pkg(k.pkg());
        if (!pkg.isEmpty()) {
            top.put("package", pkg);
        }
        if (k.model() != null) {
            top.put("model", model(k.model()));
        }
        list(top, "code", k.code(), c -> fields("path", c.path(), "description", c.description(),
                "license", c.license()));
        list(top, "datasets", k.datasets(), d -> {
            Map<String, Object> m = fields("name", d.name(), "path", d.path(), "remotePath", d.remotePath(),
                    "remoteHash", d.remoteHash(), "description", d.description(), "license", d.license());
            parameters(m, d.parameters());
            return m;
        });
        list(top, "docs", k.docs(), d -> fields("path", d.path(), "description", d.description()));
        list(top, "prompts", k.prompts(), p -> fields("name", p.name(), "path", p.path(),
                "description", p.description()));
        return top;
    }

    private static Map<String, Object> pkg(PackageInfo p) {
        Map<String, Object> m = fields("name", p.name(), "version", p.version(), "description", p.description(),
                "license", p.license());
        if (p.authors() != null && !p.authors().isEmpty()) {
            m.put("authors", new GoYamlEmitter.Flow(p.authors()));
        }
        return m;
    }

    private static Map<String, Object> model(Model model) {
        Map<String, Object> m = fields("name", model.name(), "path", model.path(), "license", model.license(),
                "framework", model.framework(), "format", model.format(), "version", model.version(),
                "description", model.description());
        list(m, "parts", model.parts(), p -> fields("name", p.name(), "path", p.path(), "license", p.license(),
                "type", p.type()));
        parameters(m, model.parameters());
        return m;
    }

    private static void parameters(Map<String, Object> m, Parameters parameters) {
        if (parameters != null) {
            m.put("parameters", sorted(parameters.value()));
        }
    }

    /** Kit decodes parameters into a Go map, and go-yaml writes map keys in its own natural order. */
    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>(GoYamlKeyOrder.INSTANCE);
            map.forEach((key, value) -> out.put(String.valueOf(key), sorted(value)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return v;
    }

    private static <T> void list(Map<String, Object> m, String key, List<T> items,
                                 Function<T, Map<String, Object>> each) {
        if (items != null && !items.isEmpty()) {
            m.put(key, items.stream().map(each).toList());
        }
    }

    /** Key/value pairs in order, leaving out empty strings (kit's omitempty). */
    private static Map<String, Object> fields(String... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null && !keyValues[i + 1].isEmpty()) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }
}
