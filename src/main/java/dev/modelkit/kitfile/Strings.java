package dev.modelkit.kitfile;

/** Null-tolerant string checks: Kitfile fields are null when absent, and kit treats "" the same as absent. */
final class Strings {

    private Strings() {
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String firstNonEmpty(String a, String b) {
        return isEmpty(a) ? b : a;
    }
}
