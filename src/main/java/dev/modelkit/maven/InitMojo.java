package dev.modelkit.maven;

import dev.modelkit.init.InitOptions;
import dev.modelkit.init.KitfileGenerator;
import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.kitfile.KitfileYaml;
import dev.modelkit.oci.OciLayoutWriter;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a Kitfile for a folder with {@code kit init}'s rules: weights become the model (the largest when it
 * dominates, else the first shard) and its parts, and metadata, docs, datasets, prompts and code are listed by name
 * and folder. Needs no project: {@code mvn dev.modelkit:modelkit-maven-plugin:VERSION:init -Dmodelkit.init.directory=DIR}.
 */
@Mojo(name = "init", requiresProject = false, threadSafe = true)
public class InitMojo extends AbstractMojo {

    /** The folder to describe (the future context directory). */
    @Parameter(property = "modelkit.init.directory", defaultValue = "${basedir}")
    private File directory;

    /** Where the Kitfile goes; unset: {@code Kitfile} in {@link #directory}. */
    @Parameter(property = "modelkit.init.output")
    private File output;

    /** {@code package.name}; unset: the folder's name. */
    @Parameter(property = "modelkit.init.name")
    private String name;

    /** {@code package.description}. */
    @Parameter(property = "modelkit.init.description")
    private String description;

    /** {@code package.authors}; as a property, comma-separated. */
    @Parameter(property = "modelkit.init.authors")
    private List<String> authors;

    /**
     * Folder levels listed file by file: 0 (kit's default) classifies each folder as a whole; -1 lists every file as
     * its own entry, as raw layers ({@code layerFormat=raw}) need.
     */
    @Parameter(property = "modelkit.init.depth", defaultValue = "0")
    private int depth;

    /** Replace an existing Kitfile. */
    @Parameter(property = "modelkit.init.force", defaultValue = "false")
    private boolean force;

    /** Skips every goal of this plugin. */
    @Parameter(property = "modelkit.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping ModelKit init (modelkit.skip)");
            return;
        }
        Path dir = directory.toPath().toAbsolutePath().normalize();
        Path target = output != null ? output.toPath() : dir.resolve("Kitfile");
        if (Files.exists(target) && !force) {
            throw new MojoFailureException(target + " already exists: use -Dmodelkit.init.force=true to replace it");
        }
        try {
            Kitfile kitfile = KitfileGenerator.generate(dir, new InitOptions(name, description, splitAuthors(), depth));
            Files.createDirectories(target.toAbsolutePath().getParent());
            OciLayoutWriter.writeAtomically(target, KitfileYaml.write(kitfile));
            getLog().info("Wrote " + target + " (" + kitfile.layerElements().size() + " layers)");
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid init configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Generating a Kitfile for " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private List<String> splitAuthors() {
        List<String> out = new ArrayList<>();
        for (String a : authors == null ? List.<String>of() : authors) {
            for (String part : a.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
