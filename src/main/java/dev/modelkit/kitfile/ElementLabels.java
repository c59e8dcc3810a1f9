package dev.modelkit.kitfile;

/**
 * How problems and layer elements name a Kitfile element. Code, datasets and docs use kit's own words ("dataset
 * layer 0") so messages read like kit's; the model and its parts use their YAML position, since kit names them by
 * their (often empty) name.
 */
final class ElementLabels {

    static final String MODEL = "model";

    private ElementLabels() {
    }

    static String part(int i) {
        return "model.parts[" + i + "]";
    }

    static String code(int i) {
        return "code layer " + i;
    }

    static String dataset(int i) {
        return "dataset layer " + i;
    }

    static String docs(int i) {
        return "docs layer " + i;
    }

    static String prompt(int i) {
        return "prompt layer " + i;
    }
}
