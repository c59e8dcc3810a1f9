package dev.modelkit.kitfile;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a Kitfile as strictly as kit (go-yaml v3 with KnownFields): unknown keys, wrong types, duplicate keys and
 * bad YAML are errors. Every problem found is reported at once, each with its line.
 */
public final class KitfileReader {

    /**
     * Reads and validates a Kitfile ({@link KitfileValidator} rules), as kit does before packing.
     *
     * @throws KitfileException listing every problem, each with the file and line
     * @throws IOException      when the file cannot be read
     */
    public Kitfile read(Path file) throws KitfileException, IOException {
        return read(decode(file), file.toString(), true);
    }

    /** Reads a Kitfile strictly but without kit's path rules (e.g. to inspect one that would not pack). */
    public Kitfile parse(Path file) throws KitfileException, IOException {
        return read(decode(file), file.toString(), false);
    }

    /**
     * Reads Kitfile text; {@code source} names it in messages.
     *
     * @param validate also apply {@link KitfileValidator}'s rules
     */
    public Kitfile read(String yaml, String source, boolean validate) throws KitfileException {
        List<KitfileProblem> problems = new ArrayList<>();
        TreeNode root = new YamlTreeReader(problems).read(yaml);
        Kitfile kitfile = null;
        if (root != null) {
            KitfileBinder binder = new KitfileBinder(false, problems);
            kitfile = binder.bind(root);
            if (kitfile != null && validate) {
                Map<String, Integer> lines = binder.elementLines();
                for (KitfileValidator.ElementProblem p : KitfileValidator.problems(kitfile)) {
                    if (p.labels().stream().anyMatch(binder.damagedElements()::contains)) {
                        continue; // already reported as a structural problem of that element
                    }
                    problems.add(new KitfileProblem(lines.getOrDefault(p.label(), 0), p.message()));
                }
            }
        }
        if (!problems.isEmpty() || kitfile == null) {
            // In file order, so the list reads top to bottom like the Kitfile (stable: same-line order is kept).
            problems.sort(java.util.Comparator.comparingInt(KitfileProblem::line));
            throw new KitfileException(source, problems);
        }
        return kitfile;
    }

    /** go-yaml refuses text that is not UTF-8, so the file is decoded strictly rather than with replacements. */
    private static String decode(Path file) throws IOException, KitfileException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KitfileException(file.toString(),
                    List.of(new KitfileProblem(0, "the Kitfile is not valid UTF-8 text")));
        }
    }
}
