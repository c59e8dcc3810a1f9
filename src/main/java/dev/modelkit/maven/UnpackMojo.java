package dev.modelkit.maven;

import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.unpack.ExistingFiles;
import dev.modelkit.unpack.UnpackException;
import dev.modelkit.unpack.UnpackFilter;
import dev.modelkit.unpack.UnpackRequest;
import dev.modelkit.unpack.UnpackResult;
import dev.modelkit.unpack.Unpacker;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks a ModelKit or ModelPack, all of it or filtered, as {@code kit unpack} does: from an OCI layout folder, an
 * oci-archive, the KitOps local store, a registry (streamed, no local copy), or Maven coordinates. Every blob is verified against its digest and size while it streams, each layer
 * is staged inside the output folder and moved into place only once verified, and nothing is ever written outside
 * the output folder. Runs without a project too: {@code mvn dev.modelkit:modelkit-maven-plugin:unpack
 * -Dmodelkit.source=model.tar}.
 */
@Mojo(name = "unpack", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, requiresProject = false, threadSafe = true)
public class UnpackMojo extends AbstractSourceMojo {

    /**
     * What to unpack: an existing OCI layout folder or oci-archive file (relative to the project folder), or Maven
     * coordinates {@code groupId:artifactId:version} (the main archive of a {@code modelkit}-packaging project) or
     * {@code groupId:artifactId:version:modelkit} (the archive attached by other packagings), resolved through the
     * project's repositories, or a reference {@code registry/repository:tag} or {@code ...@sha256:...}: from the KitOps
     * local store when it holds it, else streamed from the registry (not for registry {@code localhost}, which is the
     * local store only); {@code repository:tag} without a registry is looked up in the local store only.
     */
    @Parameter(property = "modelkit.source", required = true)
    private String source;

    /**
     * Where to unpack; created if missing. Default {@code ${project.build.directory}/modelkit-unpacked}, or
     * {@code ./modelkit-unpacked} without a project.
     */
    @Parameter(property = "modelkit.unpack.outputDirectory")
    private File outputDirectory;

    /**
     * kit's {@code --filter} strings, separated by {@code ;} (a comma belongs to kit's own syntax:
     * {@code model,docs:README.md} is one filter). Example: {@code model;datasets:train;kitfile}. Empty: everything,
     * and the Kitfile. With filters, the Kitfile is written only when a filter names {@code kitfile}.
     */
    @Parameter(property = "modelkit.filters")
    private String filters;

    /** Replace files that already exist (kit's {@code --overwrite}). */
    @Parameter(property = "modelkit.overwrite", defaultValue = "false")
    private boolean overwrite;

    /** Keep files that already exist and skip the artifact's (kit's {@code --ignore-existing}). */
    @Parameter(property = "modelkit.ignoreExisting", defaultValue = "false")
    private boolean ignoreExisting;


    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping ModelKit unpack (modelkit.skip)");
            return;
        }
        UnpackRequest request = request();
        try (ArtifactSource artifact = openSource(source)) {
            getLog().info("Unpacking " + artifact.description() + " into " + request.outputDirectory());
            UnpackResult result = new Unpacker(new MavenBuildLog(getLog())).unpack(artifact, request);
            getLog().info("Unpacked " + result.manifestDigest() + ": " + result.layers().size() + " layers, "
                    + result.files() + " files" + (result.kitfile() == null ? "" : " and the Kitfile"));
        } catch (UnpackException e) {
            throw new MojoFailureException("Unpacking " + source + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Unpacking " + source + " failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // a system property such as modelkit.copies.uncached
            throw new MojoFailureException("Invalid setting: " + e.getMessage(), e);
        }
    }

    private UnpackRequest request() throws MojoFailureException {
        try {
            Path out = outputDirectory != null ? outputDirectory.toPath() : defaultOutput();
            return new UnpackRequest(out, parseFilters(filters), ExistingFiles.of(overwrite, ignoreExisting));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid plugin configuration: " + e.getMessage(), e);
        }
    }

    private Path defaultOutput() {
        if (session.getRequest().isProjectPresent()) {
            return Path.of(project.getBuild().getDirectory(), "modelkit-unpacked");
        }
        return ArtifactSources.baseDirectory(session, project).resolve("modelkit-unpacked");
    }

    /** {@code ;} (or a line break) separates filters; a comma belongs to kit's syntax inside one filter. */
    static List<UnpackFilter> parseFilters(String text) {
        List<UnpackFilter> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String f : text.split("[;\\n]")) {
            if (!f.isBlank()) {
                out.add(UnpackFilter.parse(f.trim()));
            }
        }
        return out;
    }
}
