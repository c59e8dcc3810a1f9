package dev.modelkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The core is plain Java: only dev.modelkit.maven may import Maven (design.md, Architecture). */
class ArchitectureTest {

    @Test
    void onlyTheMavenPackageImportsMaven() throws IOException {
        Path main = Path.of("src/main/java/dev/modelkit");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(main.resolve("maven")))
                    .filter(ArchitectureTest::importsMaven)
                    .toList();
        }
        assertThat(offenders).isEmpty();
        try (Stream<Path> files = Files.walk(main.resolve("maven"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".java")).filter(ArchitectureTest::importsMaven))
                    .isNotEmpty(); // the check can see imports
        }
    }

    private static boolean importsMaven(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .anyMatch(l -> l.startsWith("import org.apache.maven.") || l.startsWith("import org.codehaus.plexus."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
