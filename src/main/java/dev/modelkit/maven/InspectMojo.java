package dev.modelkit.maven;

import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.unpack.ArtifactInspector;
import dev.modelkit.unpack.UnpackException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints a ModelKit's or ModelPack's manifest, Kitfile and ModelPack config as one JSON document, after verifying
 * them against their digests. Reads the project's {@code target/modelkit} by default, or any {@code source} that
 * {@code modelkit:unpack} accepts (layout folder, oci-archive, local store or registry reference, Maven
 * coordinates).
 */
@Mojo(name = "inspect", requiresProject = false, threadSafe = true)
public class InspectMojo extends AbstractSourceMojo {

    /** What to inspect; default the project's {@code target/modelkit} layout. Same forms as unpack's source. */
    @Parameter(property = "modelkit.source")
    private String source;

    /** Write the JSON to this file instead of the build log. */
    @Parameter(property = "modelkit.inspect.output")
    private File output;


    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping ModelKit inspect (modelkit.skip)");
            return;
        }
        String what = source;
        if (what == null || what.isBlank()) {
            if (!session.getRequest().isProjectPresent()) {
                throw new MojoFailureException("No source given: set -Dmodelkit.source to a layout folder,"
                        + " an oci-archive, a reference or Maven coordinates");
            }
            what = Path.of(project.getBuild().getDirectory(), "modelkit").toString();
        }
        byte[] json;
        try (ArtifactSource artifact = openSource(what)) {
            json = new ArtifactInspector(new MavenBuildLog(getLog())).inspect(artifact);
        } catch (UnpackException e) {
            throw new MojoFailureException("Inspecting " + what + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Inspecting " + what + " failed: " + e.getMessage(), e);
        }
        if (output != null) {
            try {
                Files.createDirectories(output.toPath().toAbsolutePath().getParent());
                Files.write(output.toPath(), json);
            } catch (IOException e) {
                throw new MojoExecutionException("Cannot write " + output + ": " + e.getMessage(), e);
            }
            getLog().info("Wrote " + output);
        } else {
            new String(json, StandardCharsets.UTF_8).lines().forEach(getLog()::info);
        }
    }
}
