package dev.modelkit.maven;

import dev.modelkit.store.InstallResult;
import dev.modelkit.store.KitopsHome;
import dev.modelkit.store.LocalStore;
import dev.modelkit.store.StoreException;
import dev.modelkit.store.StoreReference;
import org.apache.maven.plugin.AbstractMojo;
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
 * Puts the packed ModelKit ({@code target/modelkit}) into the KitOps local store, so that {@code kit list},
 * {@code kit unpack} and {@code kit push} see what Maven built. Blobs are verified on the way in, blobs already in the
 * store are left as they are, and installing the same ModelKit again changes nothing. Several builds may install
 * into one store at the same time.
 */
@Mojo(name = "install", defaultPhase = LifecyclePhase.INSTALL, threadSafe = true)
public class InstallMojo extends AbstractMojo {

    /** The OCI layout the pack goal wrote. */
    @Parameter(property = "modelkit.layoutDirectory", defaultValue = "${project.build.directory}/modelkit")
    private File layoutDirectory;

    /** The repository in the store (lowercase; may contain {@code /}). */
    @Parameter(property = "modelkit.repository", defaultValue = "${project.artifactId}")
    private String repository;

    /** The registry part of the reference; kit's default {@code localhost} is shown without it by {@code kit list}. */
    @Parameter(property = "modelkit.registry", defaultValue = StoreReference.DEFAULT_REGISTRY)
    private String registry;

    /** Tags to install under. As a property, comma-separated: {@code -Dmodelkit.tags=1.0.0,latest}. */
    @Parameter(property = "modelkit.tags", defaultValue = "${project.version}")
    private List<String> tags;

    /** The KitOps home (kit's {@code --config}); unset: {@code KITOPS_HOME}, else kit's default for this OS. */
    @Parameter(property = "modelkit.kitopsHome")
    private File kitopsHome;

    /** Skips every goal of this plugin. */
    @Parameter(property = "modelkit.skip", defaultValue = "false")
    private boolean skip;

    /** Skips only this goal. */
    @Parameter(property = "modelkit.install.skip", defaultValue = "false")
    private boolean installSkip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || installSkip) {
            getLog().info("Skipping ModelKit install (" + (skip ? "modelkit.skip" : "modelkit.install.skip") + ")");
            return;
        }
        List<StoreReference> references = references();
        Path home = KitopsHome.resolve(kitopsHome == null ? null : kitopsHome.toPath());
        try {
            InstallResult result = new LocalStore(home).install(layoutDirectory.toPath(), references);
            getLog().info("Installed ModelKit " + result.manifest() + " as " + references.stream()
                    .map(StoreReference::toString).toList() + " in " + home
                    + (result.filesChanged().isEmpty() ? " (already there)" : " (" + result.blobsAdded()
                    + " new blobs, " + result.blobsPresent() + " already stored)"));
        } catch (StoreException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Installing into the KitOps store " + home + " failed: " + e, e);
        } catch (IllegalArgumentException e) { // a system property such as modelkit.copies.uncached
            throw new MojoFailureException("Invalid setting: " + e.getMessage(), e);
        }
    }

    private List<StoreReference> references() throws MojoFailureException {
        List<StoreReference> out = new ArrayList<>();
        try {
            for (String t : tags == null ? List.<String>of() : tags) {
                for (String part : t.split(",")) {
                    if (!part.isBlank()) {
                        out.add(StoreReference.of(registry, repository, part.trim()));
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid <registry>, <repository> or <tags>: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new MojoFailureException("<tags> is empty: give at least one tag");
        }
        return out;
    }
}
