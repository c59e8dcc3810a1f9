package dev.modelkit.maven;

import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.registry.ImageReference;
import dev.modelkit.registry.PullRequest;
import dev.modelkit.registry.PullResult;
import dev.modelkit.registry.Puller;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;

/**
 * Copies a ModelKit from a registry ({@code registry/repository:tag} or {@code ...@sha256:...}) into a local OCI
 * image layout, verifying every blob. Works without a project: {@code mvn modelkit:pull -Dmodelkit.reference=...}.
 */
@Mojo(name = "pull", requiresProject = false, threadSafe = true)
public class PullMojo extends AbstractRegistryMojo {

    /** What to pull: {@code registry/repository:tag} or {@code registry/repository@sha256:...}. */
    @Parameter(property = "modelkit.reference", required = true)
    private String reference;

    /** The OCI layout folder to write (created, or added to). */
    @Parameter(property = "modelkit.pull.outputDirectory", defaultValue = "${project.build.directory}/modelkit-pulled")
    private File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping ModelKit pull (modelkit.skip)");
            return;
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference == null ? "" : reference.trim());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid <reference> (modelkit.reference): " + e.getMessage(), e);
        }
        try {
            PullResult r = new Puller(new MavenBuildLog(getLog())).pull(new PullRequest(ref,
                    outputDirectory.toPath(), transport(), credentials(), Math.max(1, parallelism)));
            getLog().info("Pulled " + ref + " (" + r.manifest().digest() + ") into " + r.layoutDirectory());
        } catch (BlobVerificationException e) {
            throw new MojoFailureException("The pulled ModelKit does not verify: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Pull of " + ref + " failed: " + e.getMessage(), e);
        }
    }
}
