package dev.modelkit.kitfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.modelkit.kitfile.TreeNode.ListNode;
import dev.modelkit.kitfile.TreeNode.MapNode;
import dev.modelkit.kitfile.TreeNode.ScalarNode;

/**
 * Binds a {@link TreeNode} to the Kitfile records with kit's strictness (go-yaml's KnownFields): unknown keys and
 * wrong shapes are problems. It keeps going after a problem, so one run reports all of them, and it remembers the
 * line of every layer element so that validation problems can point at it.
 */
final class KitfileBinder {

    private static final Set<String> TOP = Set.of("manifestVersion", "package", "model", "code", "datasets", "docs",
            "prompts", "mcpServers");
    private static final Set<String> PACKAGE = Set.of("name", "version", "description", "license", "authors");
    private static final Set<String> MODEL = Set.of("name", "path", "license", "framework", "format", "version",
            "description", "parts", "parameters");
    private static final Set<String> PART = Set.of("name", "path", "license", "type");
    private static final Set<String> CODE = Set.of("path", "description", "license");
    private static final Set<String> DATASET = Set.of("name", "path", "remotePath", "remoteHash", "description",
            "license", "parameters");
    private static final Set<String> DOC = Set.of("path", "description");
    private static final Set<String> PROMPT = Set.of("name", "path", "description");
    private static final Set<String> LAYER_INFO = Set.of("digest", "diffId");

    /** Guards against YAML alias bombs: parameters are copied node by node. */
    private static final int MAX_PARAMETER_NODES = 1_000_000;

    private final boolean configJson;
    private final List<KitfileProblem> problems;
    private final Map<String, Integer> elementLines = new HashMap<>();
    private int parameterNodes;
    /** The element being bound, so that its problems mark it as damaged. */
    private String currentLabel;
    private final Set<String> damaged = new java.util.HashSet<>();

    /**
     * @param configJson true for a config blob: scalars must be JSON strings where Go has strings, and the LayerInfo
     *                   keys digest/diffId are allowed (kit never reads them from a Kitfile)
     */
    KitfileBinder(boolean configJson, List<KitfileProblem> problems) {
        this.configJson = configJson;
        this.problems = problems;
    }

    /** Line of each layer element, keyed by its label ("model", "model.parts[0]", "code layer 0", ...). */
    Map<String, Integer> elementLines() {
        return Collections.unmodifiableMap(elementLines);
    }

    /**
     * Labels of elements that had structural problems: validation problems about them would only repeat the same
     * mistake in a confusing way (a path of the wrong type reads as "." and "collides" with others).
     */
    Set<String> damagedElements() {
        return Collections.unmodifiableSet(damaged);
    }

    private void problem(int line, String message) {
        problems.add(new KitfileProblem(line, message));
        if (currentLabel != null) {
            damaged.add(currentLabel);
        }
    }

    /** Problems about an element point at its path when it has one: that is what most rules are about. */
    private void rememberLine(String label, MapNode element, int fallback) {
        int line = fallback;
        for (TreeNode.Entry e : element.entries()) {
            if (e.key().text().equals("path")) {
                line = e.key().line();
            }
        }
        elementLines.put(label, line);
    }

    Kitfile bind(TreeNode root) {
        if (!(root instanceof MapNode top)) {
            problem(root.line(),
                    "the Kitfile must be a map (key: value) at the top level, not " + root.describe());
            return null;
        }
        Map<String, TreeNode.Entry> f = fields(top, "", TOP);
        if (f.containsKey("mcpServers")) {
            problem(f.get("mcpServers").key().line(),
                    "'mcpServers' (MCP server bundles) is not supported by this plugin yet");
        }
        String manifestVersion = str(f, "", "manifestVersion");
        PackageInfo pkg = pkg(f.get("package"));
        Model model = model(f.get("model"));
        List<CodeEntry> code = list(f, "code", (m, i) -> {
            Map<String, TreeNode.Entry> e = fields(m, "code[" + i + "]", withLayerInfo(CODE));
            String w = "code[" + i + "]";
            return new CodeEntry(str(e, w, "path"), str(e, w, "description"), str(e, w, "license"),
                    layerInfo(e, w));
        }, ElementLabels::code);
        List<Dataset> datasets = list(f, "datasets", (m, i) -> {
            String w = "datasets[" + i + "]";
            Map<String, TreeNode.Entry> e = fields(m, w, withLayerInfo(DATASET));
            return new Dataset(str(e, w, "name"), str(e, w, "path"), str(e, w, "remotePath"),
                    str(e, w, "remoteHash"), str(e, w, "description"), str(e, w, "license"),
                    parameters(e.get("parameters"), w + ".parameters"), layerInfo(e, w));
        }, ElementLabels::dataset);
        List<Doc> docs = list(f, "docs", (m, i) -> {
            String w = "docs[" + i + "]";
            Map<String, TreeNode.Entry> e = fields(m, w, withLayerInfo(DOC));
            return new Doc(str(e, w, "path"), str(e, w, "description"), layerInfo(e, w));
        }, ElementLabels::docs);
        List<Prompt> prompts = list(f, "prompts", (m, i) -> {
            String w = "prompts[" + i + "]";
            Map<String, TreeNode.Entry> e = fields(m, w, withLayerInfo(PROMPT));
            return new Prompt(str(e, w, "name"), str(e, w, "path"), str(e, w, "description"), layerInfo(e, w));
        }, ElementLabels::prompt);
        return new Kitfile(manifestVersion, pkg, model, code, datasets, docs, prompts);
    }

    private PackageInfo pkg(TreeNode.Entry entry) {
        MapNode m = map(entry, "package");
        if (m == null) {
            return PackageInfo.EMPTY;
        }
        Map<String, TreeNode.Entry> f = fields(m, "package", PACKAGE);
        return new PackageInfo(str(f, "package", "name"), str(f, "package", "version"),
                str(f, "package", "description"), str(f, "package", "license"), authors(f.get("authors")));
    }

    private List<String> authors(TreeNode.Entry entry) {
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        if (!(entry.value() instanceof ListNode list)) {
            problem(entry.key().line(),
                    "'package.authors' must be a list of strings, not " + entry.value().describe());
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            TreeNode item = list.items().get(i);
            String s = scalarText(item, "package.authors[" + i + "]", "'package.authors' must be a list of strings");
            out.add(s == null ? "" : s);
        }
        return out;
    }

    private Model model(TreeNode.Entry entry) {
        MapNode m = map(entry, "model");
        if (m == null) {
            return null;
        }
        rememberLine(ElementLabels.MODEL, m, entry.key().line());
        currentLabel = ElementLabels.MODEL;
        Map<String, TreeNode.Entry> f = fields(m, "model", withLayerInfo(MODEL));
        List<ModelPart> parts = list(f, "model.parts", (pm, i) -> {
            String w = "model.parts[" + i + "]";
            Map<String, TreeNode.Entry> e = fields(pm, w, withLayerInfo(PART));
            return new ModelPart(str(e, w, "name"), str(e, w, "path"), str(e, w, "license"), str(e, w, "type"),
                    layerInfo(e, w));
        }, ElementLabels::part);
        currentLabel = ElementLabels.MODEL;
        Model model = new Model(str(f, "model", "name"), str(f, "model", "path"), str(f, "model", "license"),
                str(f, "model", "framework"), str(f, "model", "format"), str(f, "model", "version"),
                str(f, "model", "description"), parts, parameters(f.get("parameters"), "model.parameters"),
                layerInfo(f, "model"));
        currentLabel = null;
        return model;
    }

    private Set<String> withLayerInfo(Set<String> keys) {
        if (!configJson) {
            return keys;
        }
        Set<String> all = new java.util.HashSet<>(keys);
        all.addAll(LAYER_INFO);
        return all;
    }

    private LayerInfo layerInfo(Map<String, TreeNode.Entry> f, String where) {
        if (!configJson) {
            return null;
        }
        LayerInfo info = new LayerInfo(str(f, where, "digest"), str(f, where, "diffId"));
        return info.isEmpty() ? null : info;
    }

    /** The entries of a map, reporting keys that are not in {@code allowed}. */
    private Map<String, TreeNode.Entry> fields(MapNode map, String where, Set<String> allowed) {
        Map<String, TreeNode.Entry> out = new LinkedHashMap<>();
        for (TreeNode.Entry e : map.entries()) {
            String key = e.key().text();
            if (!allowed.contains(key)) {
                String place = where.isEmpty() ? "the top level" : where;
                String hint = LAYER_INFO.contains(key) ? " (digest and diffId exist only in config blobs)" : "";
                // An unknown key loses no value, so it does not mark the element as damaged.
                problems.add(new KitfileProblem(e.key().line(), "unknown key '" + key + "' in " + place + hint));
                continue;
            }
            out.put(key, e);
        }
        return out;
    }

    /** A string field: go-yaml puts any scalar's text into a Go string; JSON needs a real string. */
    private String str(Map<String, TreeNode.Entry> f, String where, String key) {
        TreeNode.Entry e = f.get(key);
        if (e == null) {
            return null;
        }
        String path = where.isEmpty() ? key : where + "." + key;
        return scalarText(e.value(), path, "'" + path + "' must be a string");
    }

    private String scalarText(TreeNode node, String path, String expectation) {
        if (node instanceof ScalarNode s) {
            if (s.isNull()) {
                return null;
            }
            if (configJson && !(s.value() instanceof String)) {
                problem(s.line(), expectation + ", not " + s.describe());
                return null;
            }
            return s.text();
        }
        String detail = expectation.contains(path) ? "" : " (" + path + ")";
        problem(node.line(), expectation + detail + ", not " + node.describe());
        return null;
    }

    private MapNode map(TreeNode.Entry entry, String path) {
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        if (entry.value() instanceof MapNode m) {
            return m;
        }
        problem(entry.key().line(),
                "'" + path + "' must be a map (key: value), not " + entry.value().describe());
        return null;
    }

    private interface ItemBinder<T> {
        T bind(MapNode item, int index);
    }

    private interface Labeler {
        String label(int index);
    }

    /** A list of maps; a null item is an empty element, as go-yaml gives a zero struct. */
    private <T> List<T> list(Map<String, TreeNode.Entry> f, String path, ItemBinder<T> binder, Labeler labeler) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        TreeNode.Entry entry = f.get(key);
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        if (!(entry.value() instanceof ListNode list)) {
            problem(entry.key().line(),
                    "'" + path + "' must be a list, not " + entry.value().describe());
            return null;
        }
        List<T> out = new ArrayList<>();
        String outerLabel = currentLabel;
        for (int i = 0; i < list.items().size(); i++) {
            TreeNode item = list.items().get(i);
            currentLabel = labeler.label(i);
            elementLines.put(currentLabel, item.line());
            if (item instanceof MapNode m) {
                rememberLine(currentLabel, m, item.line());
            }
            if (isNull(item)) {
                out.add(binder.bind(new MapNode(item.line(), List.of()), i));
            } else if (item instanceof MapNode m) {
                out.add(binder.bind(m, i));
            } else {
                problem(item.line(),
                        "'" + path + "[" + i + "]' must be a map (key: value), not " + item.describe());
                out.add(binder.bind(new MapNode(item.line(), List.of()), i));
            }
        }
        currentLabel = outerLabel;
        return out;
    }

    private Parameters parameters(TreeNode.Entry entry, String path) {
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        Object value = parameterValue(entry.value(), path);
        return value == null ? null : new Parameters(value);
    }

    /** The go-yaml {@code any} value of a node; maps need string keys, since Go's JSON cannot write others. */
    private Object parameterValue(TreeNode node, String path) {
        if (++parameterNodes > MAX_PARAMETER_NODES) {
            if (parameterNodes == MAX_PARAMETER_NODES + 1) {
                problem(node.line(), "'" + path + "' is too large (more than "
                        + MAX_PARAMETER_NODES + " values, YAML aliases included)");
            }
            return null;
        }
        if (node instanceof MapNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (TreeNode.Entry e : m.entries()) {
                if (!(e.key().value() instanceof String key)) {
                    problem(e.key().line(), "'" + path + "' has key '" + e.key().text()
                            + "', which YAML reads as " + e.key().describe()
                            + "; kit can only store string keys in JSON (quote the key)");
                    continue;
                }
                out.put(key, parameterValue(e.value(), path + "." + key));
            }
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                out.add(parameterValue(l.items().get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        ScalarNode s = (ScalarNode) node;
        if (s.value() instanceof Double d && (d.isNaN() || d.isInfinite())) {
            problem(s.line(), "'" + path + "' is " + s.text()
                    + ", which kit cannot store in its JSON config (Go's encoding/json rejects NaN and infinities)");
        }
        return s.value();
    }

    private static boolean isNull(TreeNode node) {
        return node instanceof ScalarNode s && s.isNull();
    }
}
