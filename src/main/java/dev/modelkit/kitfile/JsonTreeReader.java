package dev.modelkit.kitfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a config blob (JSON) into a {@link TreeNode}. Numbers become Double, as Go's encoding/json does when kit
 * decodes parameters into an {@code any}.
 */
final class JsonTreeReader {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final List<KitfileProblem> problems;

    JsonTreeReader(List<KitfileProblem> problems) {
        this.problems = problems;
    }

    /** The root value, or null when the bytes are not JSON (a problem is recorded). */
    TreeNode read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(new KitfileProblem(0, "the config is empty"));
                return null;
            }
            TreeNode root = value(p);
            if (p.nextToken() != null) {
                problems.add(new KitfileProblem(line(p), "invalid JSON: content after the top-level value"));
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(new KitfileProblem(Math.max(line, 0), "invalid JSON: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new KitfileProblem(0, "cannot read JSON: " + e.getMessage()));
            return null;
        }
    }

    private TreeNode value(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                List<TreeNode.Entry> entries = new ArrayList<>();
                Map<String, Integer> seen = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    TreeNode v = value(p);
                    Integer firstLine = seen.putIfAbsent(name, keyLine);
                    if (firstLine != null) {
                        problems.add(new KitfileProblem(keyLine,
                                "duplicate key '" + name + "' (already defined at line " + firstLine + ")"));
                        continue;
                    }
                    entries.add(new TreeNode.Entry(new TreeNode.ScalarNode(keyLine, name, name), v));
                }
                return new TreeNode.MapNode(line, List.copyOf(entries));
            }
            case START_ARRAY: {
                List<TreeNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new TreeNode.ListNode(line, List.copyOf(items));
            }
            case VALUE_STRING:
                return new TreeNode.ScalarNode(line, p.getText(), p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                String text = p.getText();
                double d = Double.parseDouble(text);
                if (Double.isInfinite(d)) {
                    problems.add(new KitfileProblem(line, "number " + text + " is out of range for a float64"));
                }
                return new TreeNode.ScalarNode(line, text, d);
            }
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new TreeNode.ScalarNode(line, p.getText(), t == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return new TreeNode.ScalarNode(line, "null", null);
            default:
                throw new JsonParseProblem(p, "unexpected " + t);
        }
    }

    private static int line(JsonParser p) {
        return Math.max(p.currentTokenLocation().getLineNr(), 0);
    }

    private static final class JsonParseProblem extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonParseProblem(JsonParser p, String message) {
            super(message, p.currentTokenLocation());
        }
    }
}
