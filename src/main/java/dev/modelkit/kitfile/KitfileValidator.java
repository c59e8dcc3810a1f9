package dev.modelkit.kitfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * kit's Kitfile rules (reference §1, KitFile.Validate): paths, URLs, references, duplicate paths, remote datasets
 * and model part types. All problems are collected; each names the element and its path.
 */
public final class KitfileValidator {

    /** Go's {@code \w} is ASCII-only, like Java's without UNICODE_CHARACTER_CLASS. */
    private static final Pattern PART_TYPE = Pattern.compile("^[\\w][\\w.-]*$");
    private static final int PART_TYPE_MAX_LEN = 64;
    private static final Pattern URL_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);

    private KitfileValidator() {
    }

    /** Every problem in {@code k}, empty when kit would accept it. */
    public static List<String> validate(Kitfile k) {
        return problems(k).stream().map(ElementProblem::message).toList();
    }

    /**
     * A problem and the labels of the elements it is about (the last one is where the reader points), so the reader
     * can give the element's line.
     */
    record ElementProblem(List<String> labels, String message) {
        ElementProblem(String label, String message) {
            this(List.of(label), message);
        }

        String label() {
            return labels.get(labels.size() - 1);
        }
    }

    private enum PathType {
        LOCAL, REFERENCE, S3, HTTP, OTHER_URL
    }

    /** An element whose path lives in the context directory. */
    private record LocalPath(String label, String path, String cleaned) {
        String describe() {
            return label + " (path " + path + ")";
        }
    }

    static List<ElementProblem> problems(Kitfile k) {
        List<ElementProblem> out = new ArrayList<>();
        List<LocalPath> withDuplicateCheck = new ArrayList<>();
        List<LocalPath> allLocal = new ArrayList<>();
        List<LocalPath> remoteDatasets = new ArrayList<>();

        Model model = k.model();
        if (model != null) {
            String path = Strings.orEmpty(model.path());
            PathType type = pathType(path);
            if (type != PathType.REFERENCE) {
                LocalPath lp = checkLocal(ElementLabels.MODEL, path, type, out);
                addIfPresent(lp, withDuplicateCheck, allLocal);
            }
            List<ModelPart> parts = model.parts() == null ? List.of() : model.parts();
            for (int i = 0; i < parts.size(); i++) {
                ModelPart part = parts.get(i);
                String label = ElementLabels.part(i);
                String p = Strings.orEmpty(part.path());
                addIfPresent(checkLocal(label, p, pathType(p), out), withDuplicateCheck, allLocal);
                checkPartType(label, p, part.type(), out);
            }
        }
        List<CodeEntry> code = k.code() == null ? List.of() : k.code();
        for (int i = 0; i < code.size(); i++) {
            String p = Strings.orEmpty(code.get(i).path());
            addIfPresent(checkLocal(ElementLabels.code(i), p, pathType(p), out), withDuplicateCheck, allLocal);
        }
        List<Dataset> datasets = k.datasets() == null ? List.of() : k.datasets();
        for (int i = 0; i < datasets.size(); i++) {
            Dataset d = datasets.get(i);
            String label = ElementLabels.dataset(i);
            String p = Strings.orEmpty(d.path());
            LocalPath lp = checkLocal(label, p, pathType(p), out);
            addIfPresent(lp, withDuplicateCheck, allLocal);
            checkRemote(label, d, out);
            if (d.isRemote() && lp != null) {
                remoteDatasets.add(lp);
            }
        }
        List<Doc> docs = k.docs() == null ? List.of() : k.docs();
        for (int i = 0; i < docs.size(); i++) {
            String p = Strings.orEmpty(docs.get(i).path());
            addIfPresent(checkLocal(ElementLabels.docs(i), p, pathType(p), out), withDuplicateCheck, allLocal);
        }
        List<Prompt> prompts = k.prompts() == null ? List.of() : k.prompts();
        for (int i = 0; i < prompts.size(); i++) {
            String p = Strings.orEmpty(prompts.get(i).path());
            // kit leaves prompts out of the duplicate check: a prompt may sit inside a code layer.
            addIfPresent(checkLocal(ElementLabels.prompt(i), p, pathType(p), out), null, allLocal);
        }
        checkDuplicates(withDuplicateCheck, out);
        checkInsideRemoteDatasets(remoteDatasets, allLocal, out);
        return out;
    }

    private static void addIfPresent(LocalPath lp, List<LocalPath> a, List<LocalPath> b) {
        if (lp == null) {
            return;
        }
        if (a != null) {
            a.add(lp);
        }
        b.add(lp);
    }

    /** Checks an element's path; returns it as a local path when it is one that can be packed. */
    private static LocalPath checkLocal(String label, String path, PathType type, List<ElementProblem> out) {
        String where = " (" + path + " in " + label + ")";
        switch (type) {
            case REFERENCE -> {
                out.add(new ElementProblem(label, "ModelKit references are only supported as model.path or as a"
                        + " dataset's remotePath" + where));
                return null;
            }
            case S3 -> {
                out.add(new ElementProblem(label, "S3 URLs are only supported as a dataset's remotePath" + where));
                return null;
            }
            case HTTP -> {
                out.add(new ElementProblem(label, "HTTP URLs are not supported in paths" + where));
                return null;
            }
            case OTHER_URL -> {
                out.add(new ElementProblem(label, "unrecognized URL in path" + where));
                return null;
            }
            default -> {
            }
        }
        String cleaned = KitPaths.clean(path);
        if (cleaned.startsWith("/")) {
            out.add(new ElementProblem(label,
                    "absolute paths are not supported in a Kitfile (path " + path + " in " + label + ")"));
            return null;
        }
        if (KitPaths.escapes(cleaned)) {
            out.add(new ElementProblem(label, "paths outside the context directory are not supported in a Kitfile"
                    + " (path " + cleaned + " in " + label + ")"));
            return null;
        }
        return new LocalPath(label, path, cleaned);
    }

    private static void checkRemote(String label, Dataset d, List<ElementProblem> out) {
        if (!d.isRemote()) {
            if (!Strings.isEmpty(d.remoteHash())) {
                out.add(new ElementProblem(label, "remoteHash is only applicable when remotePath is set (" + label
                        + ")"));
            }
            return;
        }
        String remote = d.remotePath();
        switch (pathType(remote)) {
            case S3 -> {
                if (Strings.isEmpty(d.remoteHash())) {
                    out.add(new ElementProblem(label, "remoteHash is required when remote dataset paths are used ("
                            + remote + " in " + label + ")"));
                }
            }
            case REFERENCE -> {
            }
            case HTTP -> out.add(new ElementProblem(label,
                    "HTTP URLs are not supported in paths (remotePath " + remote + " in " + label + ")"));
            default -> out.add(new ElementProblem(label, "only S3 URLs and ModelKit references are supported for"
                    + " remote dataset paths (remotePath " + remote + " in " + label + ")"));
        }
    }

    private static void checkPartType(String label, String path, String type, List<ElementProblem> out) {
        if (Strings.isEmpty(type)) {
            return;
        }
        String element = label + " (path " + path + ")";
        if (!PART_TYPE.matcher(type).matches()) {
            out.add(new ElementProblem(label, element + " has invalid type '" + type
                    + "' (must be alphanumeric with dots, dashes, and underscores)"));
        }
        if (type.getBytes(StandardCharsets.UTF_8).length > PART_TYPE_MAX_LEN) {
            out.add(new ElementProblem(label, element + " type is too long (must be at most " + PART_TYPE_MAX_LEN
                    + " characters)"));
        }
    }

    private static void checkDuplicates(List<LocalPath> paths, List<ElementProblem> out) {
        Map<String, List<LocalPath>> byPath = new LinkedHashMap<>();
        for (LocalPath lp : paths) {
            byPath.computeIfAbsent(lp.cleaned(), x -> new ArrayList<>()).add(lp);
        }
        for (Map.Entry<String, List<LocalPath>> e : byPath.entrySet()) {
            List<LocalPath> users = e.getValue();
            if (users.size() < 2) {
                continue;
            }
            List<String> names = users.stream().map(LocalPath::describe).toList();
            String message = String.join(", ", names.subList(0, names.size() - 1)) + " and "
                    + names.get(names.size() - 1) + " use the same path " + e.getKey();
            out.add(new ElementProblem(users.stream().map(LocalPath::label).toList(), message));
        }
    }

    /** A remote dataset's path is filled on unpack, so nothing may be packed inside it. */
    private static void checkInsideRemoteDatasets(List<LocalPath> remotes, List<LocalPath> all,
            List<ElementProblem> out) {
        for (LocalPath remote : remotes) {
            for (LocalPath other : all) {
                if (other == remote || other.cleaned().equals(remote.cleaned())) {
                    continue; // same path: already a duplicate-path problem
                }
                if (KitPaths.contains(remote.cleaned(), other.cleaned())) {
                    out.add(new ElementProblem(List.of(remote.label(), other.label()), other.label() + " uses a path (" + other.cleaned()
                            + ") that is within the path for a remote dataset (" + remote.describe() + ")"));
                }
            }
        }
    }

    /** kit's GetPathType: a reference first, then URL schemes; anything that is not a URL is local. */
    private static PathType pathType(String path) {
        if (ModelKitReference.looksLikeReference(path)) {
            return PathType.REFERENCE;
        }
        var m = URL_SCHEME.matcher(path);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
            return switch (scheme) {
                case "s3" -> PathType.S3;
                case "http", "https" -> PathType.HTTP;
                default -> PathType.OTHER_URL;
            };
        }
        if (path.startsWith("//") && path.length() > 2 && path.charAt(2) != '/') {
            return PathType.OTHER_URL; // "//host/x" has a URL host
        }
        return PathType.LOCAL;
    }
}
