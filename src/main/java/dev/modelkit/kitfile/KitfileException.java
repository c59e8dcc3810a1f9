package dev.modelkit.kitfile;

import java.util.List;

/** A Kitfile (or a config blob) that cannot be used, with every problem found in it. */
public class KitfileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<KitfileProblem> problems;

    public KitfileException(String source, List<KitfileProblem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or blob) the problems are in, as shown in the message. */
    public String getSource() {
        return source;
    }

    public List<KitfileProblem> getProblems() {
        return problems;
    }

    private static String format(String source, List<KitfileProblem> problems) {
        StringBuilder sb = new StringBuilder("Invalid Kitfile ").append(source).append(':');
        for (KitfileProblem p : problems) {
            sb.append("\n  * ").append(source);
            if (p.line() > 0) {
                sb.append(':').append(p.line());
            }
            sb.append(": ").append(p.message());
        }
        return sb.toString();
    }
}
