package dev.modelkit.kitfile;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads the first YAML document into a {@link TreeNode} from SnakeYAML's parser events, so that scalar typing is
 * ours (go-yaml v3 rules, see {@link GoYamlScalars}) and not SnakeYAML's YAML 1.1 resolver. Reports duplicate keys
 * like go-yaml does (comparing keys as written) and drops the duplicate.
 */
final class YamlTreeReader {

    private static final String TAG_PREFIX = "tag:yaml.org,2002:";

    private final List<KitfileProblem> problems;
    private final Map<String, TreeNode> anchors = new HashMap<>();
    private Parser parser;

    YamlTreeReader(List<KitfileProblem> problems) {
        this.problems = problems;
    }

    /** The document's root, or null when the text is not YAML or holds no document (a problem is recorded). */
    TreeNode read(String text) {
        parser = new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
        try {
            parser.getEvent(); // stream start
            if (parser.checkEvent(Event.ID.StreamEnd)) {
                problems.add(new KitfileProblem(0, "the Kitfile is empty"));
                return null;
            }
            parser.getEvent(); // document start
            return node(parser.getEvent());
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.add(new KitfileProblem(mark == null ? 0 : mark.getLine() + 1,
                    "invalid YAML: " + what + context));
            return null;
        } catch (YAMLException e) {
            problems.add(new KitfileProblem(0, "invalid YAML: " + e.getMessage()));
            return null;
        }
    }

    private TreeNode node(Event event) {
        int line = event.getStartMark().getLine() + 1;
        if (event instanceof AliasEvent alias) {
            TreeNode target = anchors.get(alias.getAnchor());
            if (target == null) {
                problems.add(new KitfileProblem(line, "unknown YAML anchor '" + alias.getAnchor() + "'"));
                return new TreeNode.ScalarNode(line, "", null);
            }
            return target;
        }
        TreeNode result;
        if (event instanceof ScalarEvent scalar) {
            result = scalar(scalar, line);
        } else if (event instanceof SequenceStartEvent) {
            List<TreeNode> items = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                items.add(node(parser.getEvent()));
            }
            parser.getEvent();
            result = new TreeNode.ListNode(line, List.copyOf(items));
        } else if (event instanceof MappingStartEvent) {
            result = mapping(line);
        } else {
            throw new YAMLException("unexpected " + event + " at line " + line);
        }
        if (event instanceof NodeEvent nodeEvent && nodeEvent.getAnchor() != null) {
            anchors.put(nodeEvent.getAnchor(), result);
        }
        if (event instanceof CollectionStartEvent c && c.getTag() != null && !c.getImplicit()) {
            // go-yaml would accept !!map/!!seq; anything else changes meaning in ways kit does not support.
            String tag = c.getTag();
            if (!tag.equals(TAG_PREFIX + "map") && !tag.equals(TAG_PREFIX + "seq")) {
                problems.add(new KitfileProblem(line, "unsupported YAML tag " + tag));
            }
        }
        return result;
    }

    private TreeNode mapping(int line) {
        List<TreeNode.Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event keyEvent = parser.getEvent();
            boolean mergeKey = keyEvent instanceof ScalarEvent s && s.getTag() == null
                    && s.getScalarStyle() == ScalarStyle.PLAIN && s.getValue().equals("<<");
            TreeNode key = node(keyEvent);
            TreeNode value = node(parser.getEvent());
            if (!(key instanceof TreeNode.ScalarNode scalarKey)) {
                problems.add(new KitfileProblem(key.line(),
                        "only plain keys are supported, found " + key.describe() + " used as a key"));
                continue;
            }
            if (mergeKey) {
                problems.add(new KitfileProblem(key.line(), "YAML merge keys ('<<') are not supported in a Kitfile"));
                continue;
            }
            Integer first = seen.putIfAbsent(scalarKey.text(), key.line());
            if (first != null) {
                problems.add(new KitfileProblem(key.line(),
                        "duplicate key '" + scalarKey.text() + "' (already defined at line " + first + ")"));
                continue;
            }
            entries.add(new TreeNode.Entry(scalarKey, value));
        }
        parser.getEvent();
        return new TreeNode.MapNode(line, List.copyOf(entries));
    }

    private TreeNode scalar(ScalarEvent event, int line) {
        String text = event.getValue();
        String tag = event.getTag();
        boolean plain = event.getScalarStyle() == ScalarStyle.PLAIN;
        if (tag == null) {
            if (!plain) {
                return new TreeNode.ScalarNode(line, text, text);
            }
            return new TreeNode.ScalarNode(line, text, GoYamlScalars.resolvePlain(text));
        }
        if (!tag.startsWith(TAG_PREFIX)) {
            // "!" and local tags: go-yaml does not resolve them, the value stays the text.
            return new TreeNode.ScalarNode(line, text, text);
        }
        String shortTag = tag.substring(TAG_PREFIX.length());
        Object resolved = text.isEmpty() ? null : GoYamlScalars.resolvePlain(text);
        Object value = switch (shortTag) {
            case "str", "timestamp" -> text;
            case "null" -> resolved == null ? null : mismatch(line, text, shortTag);
            case "bool" -> resolved instanceof Boolean ? resolved : mismatch(line, text, shortTag);
            case "int" -> resolved instanceof Long || resolved instanceof java.math.BigInteger ? resolved
                    : mismatch(line, text, shortTag);
            case "float" -> resolved instanceof Number n ? (Object) n.doubleValue() : mismatch(line, text, shortTag);
            default -> {
                problems.add(new KitfileProblem(line, "unsupported YAML tag !!" + shortTag));
                yield text;
            }
        };
        return new TreeNode.ScalarNode(line, text, value);
    }

    private Object mismatch(int line, String text, String shortTag) {
        problems.add(new KitfileProblem(line, "cannot decode '" + text + "' as !!" + shortTag));
        return text;
    }
}
