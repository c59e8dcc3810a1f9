package dev.modelkit.kitfile;

import java.util.regex.Pattern;

/**
 * Tells whether a Kitfile path is a ModelKit reference ({@code repo:tag}, {@code registry/repo@sha256:...}) the way
 * kit does: it must contain ':' or '@' and parse as an OCI reference, where a first segment without '.' or ':' is a
 * repository namespace rather than a registry host.
 */
final class ModelKitReference {

    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern REGISTRY = Pattern.compile("(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]*)?");

    private ModelKitReference() {
    }

    static boolean looksLikeReference(String ref) {
        if (ref == null || (ref.indexOf(':') < 0 && ref.indexOf('@') < 0)) {
            return false;
        }
        if (isDigest(ref)) {
            return true;
        }
        // kit allows "repo:tag1,tag2"; only the first reference counts.
        String rest = ref.split(",", -1)[0];
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(":") || first.contains(".")) {
                if (!REGISTRY.matcher(first).matches()) {
                    return false;
                }
                rest = rest.substring(slash + 1);
            }
        }
        String repo;
        String tag = null;
        String digest = null;
        int at = rest.indexOf('@');
        int colon = rest.indexOf(':');
        if (at >= 0) {
            repo = rest.substring(0, at);
            digest = rest.substring(at + 1);
            int c = repo.indexOf(':');
            if (c >= 0) {
                repo = repo.substring(0, c);
            }
        } else if (colon >= 0) {
            repo = rest.substring(0, colon);
            tag = rest.substring(colon + 1);
        } else {
            repo = rest;
        }
        if (!REPOSITORY.matcher(repo).matches()) {
            return false;
        }
        if (tag != null) {
            return TAG.matcher(tag).matches();
        }
        return digest == null || isDigest(digest);
    }

    private static boolean isDigest(String s) {
        if (!DIGEST.matcher(s).matches()) {
            return false;
        }
        int colon = s.indexOf(':');
        String algorithm = s.substring(0, colon);
        String hex = s.substring(colon + 1);
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
        return expected > 0 && hex.length() == expected && hex.chars().allMatch(ModelKitReference::isLowerHex);
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
