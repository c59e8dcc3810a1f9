package dev.modelkit.kitfile;

import java.util.List;

/**
 * A parsed YAML or JSON document before it is bound to the Kitfile records: just enough structure to check types
 * and keys and to remember lines for error messages.
 */
sealed interface TreeNode permits TreeNode.MapNode, TreeNode.ListNode, TreeNode.ScalarNode {

    /** 1-based line where the node starts. */
    int line();

    /** Words for messages: "a map", "a list", "a string"... */
    String describe();

    record MapNode(int line, List<Entry> entries) implements TreeNode {
        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A mapping entry; keys are always scalars (the readers reject others). */
    record Entry(ScalarNode key, TreeNode value) {
    }

    record ListNode(int line, List<TreeNode> items) implements TreeNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar.
     *
     * @param text  the scalar's text as written (after YAML unquoting), used for string fields
     * @param value the typed value go-yaml v3 (or Go's encoding/json) gives it in an {@code any}: see {@link
     *              Parameters}; null for a null scalar
     */
    record ScalarNode(int line, String text, Object value) implements TreeNode {
        boolean isNull() {
            return value == null;
        }

        @Override
        public String describe() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "a string";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            return "a number";
        }
    }
}
