package dev.modelkit.kitfile;

import java.util.List;

/** The Kitfile's {@code package} section. Null fields are absent; {@code authors} is null or an unmodifiable list. */
public record PackageInfo(String name, String version, String description, String license, List<String> authors) {

    public static final PackageInfo EMPTY = new PackageInfo(null, null, null, null, null);

    public PackageInfo {
        authors = authors == null ? null : List.copyOf(authors);
    }

    /** A copy where each field that is empty here takes the value from {@code defaults}. */
    public PackageInfo withDefaults(PackageInfo defaults) {
        if (defaults == null) {
            return this;
        }
        return new PackageInfo(
                Strings.firstNonEmpty(name, defaults.name()),
                Strings.firstNonEmpty(version, defaults.version()),
                Strings.firstNonEmpty(description, defaults.description()),
                Strings.firstNonEmpty(license, defaults.license()),
                authors == null || authors.isEmpty() ? defaults.authors() : authors);
    }
}
