package dev.modelkit.maven;

import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.store.KitopsHome;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

import java.io.File;

/**
 * What unpack and inspect share: reading a {@code source} (layout, archive, local store, registry, Maven coordinates)
 * with the registry settings and credentials push and pull use.
 */
abstract class AbstractSourceMojo extends AbstractRegistryMojo {

    /** The KitOps home whose local store is searched for references; unset: {@code KITOPS_HOME}, else kit's default. */
    @Parameter(property = "modelkit.kitopsHome")
    File kitopsHome;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Component
    RepositorySystem repositorySystem;

    ArtifactSource openSource(String source) throws MojoFailureException, MojoExecutionException {
        return ArtifactSources.open(source, session, project, repositorySystem, new ArtifactSources.Access(
                transport(), credentials(), KitopsHome.resolve(kitopsHome == null ? null : kitopsHome.toPath()),
                new MavenBuildLog(getLog())));
    }
}
