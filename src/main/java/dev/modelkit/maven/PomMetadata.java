package dev.modelkit.maven;

import dev.modelkit.kitfile.PackageInfo;
import org.apache.maven.model.Developer;
import org.apache.maven.model.License;
import org.apache.maven.model.Scm;
import org.apache.maven.project.MavenProject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the POM says about the package: fills Kitfile {@code package} fields the Kitfile leaves empty, and the
 * {@code org.opencontainers.image.*} manifest annotations.
 */
final class PomMetadata {

    private PomMetadata() {
    }

    static PackageInfo packageDefaults(MavenProject project) {
        List<String> authors = new ArrayList<>();
        for (Developer d : project.getDevelopers()) {
            String who = firstNonBlank(d.getName(), d.getId(), d.getEmail());
            if (who != null) {
                authors.add(who);
            }
        }
        List<String> licenses = new ArrayList<>();
        for (License l : project.getLicenses()) {
            if (l.getName() != null && !l.getName().isBlank()) {
                licenses.add(l.getName().trim());
            }
        }
        return new PackageInfo(
                firstNonBlank(project.getName(), project.getArtifactId()),
                project.getVersion(),
                blankToNull(project.getDescription()),
                licenses.isEmpty() ? null : String.join(" AND ", licenses),
                authors.isEmpty() ? null : authors);
    }

    static Map<String, String> annotations(MavenProject project) {
        Map<String, String> a = new LinkedHashMap<>();
        if (project.getUrl() != null && !project.getUrl().isBlank()) {
            a.put("org.opencontainers.image.url", project.getUrl().trim());
        }
        Scm scm = project.getScm();
        if (scm != null) {
            String source = firstNonBlank(scm.getUrl(), scm.getConnection());
            if (source != null) {
                a.put("org.opencontainers.image.source", source);
            }
            if (scm.getTag() != null && !scm.getTag().isBlank() && !"HEAD".equals(scm.getTag())) {
                a.put("org.opencontainers.image.revision", scm.getTag().trim());
            }
        }
        return a;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
