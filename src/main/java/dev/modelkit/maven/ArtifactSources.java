package dev.modelkit.maven;

import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.unpack.SourceReference;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a {@code source} parameter into an {@link ArtifactSource} (shared by unpack and inspect): a local layout or
 * archive as is, Maven coordinates through the project's repositories with Maven Resolver. A registry reference is
 * recognised but not supported yet.
 */
final class ArtifactSources {

    private ArtifactSources() {
    }

    /** Where relative paths in {@code source} start: the project folder, or the working folder without a project. */
    static Path baseDirectory(MavenSession session, MavenProject project) {
        if (session.getRequest().isProjectPresent() && project.getBasedir() != null) {
            return project.getBasedir().toPath();
        }
        String base = session.getRequest().getBaseDirectory();
        return base != null ? Path.of(base) : Path.of("").toAbsolutePath();
    }

    static ArtifactSource open(String source, MavenSession session, MavenProject project,
                               RepositorySystem repositorySystem) throws MojoFailureException, MojoExecutionException {
        SourceReference ref;
        try {
            ref = SourceReference.parse(source, baseDirectory(session, project));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        Path path;
        if (ref instanceof SourceReference.LocalPath local) {
            path = local.path();
        } else if (ref instanceof SourceReference.Registry registry) {
            throw new MojoFailureException("source '" + registry.reference() + "' is a registry reference:"
                    + " registry references come with push/pull support; use a layout folder, an oci-archive or"
                    + " Maven coordinates for now");
        } else {
            path = resolve((SourceReference.Coordinates) ref, session, project, repositorySystem);
        }
        try {
            return OciLayoutReader.open(path);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code g:a:v} is the main artifact of a {@code modelkit}-packaging project, {@code g:a:v:classifier} an
     * attached one ({@code modelkit}); both are {@code .tar} oci-archives.
     */
    private static Path resolve(SourceReference.Coordinates c, MavenSession session, MavenProject project,
                                RepositorySystem repositorySystem) throws MojoFailureException {
        DefaultArtifact artifact = new DefaultArtifact(c.groupId(), c.artifactId(),
                c.classifier() == null ? "" : c.classifier(), "tar", c.version());
        ArtifactRequest request = new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null);
        try {
            ArtifactResult result = repositorySystem.resolveArtifact(session.getRepositorySession(), request);
            File file = result.getArtifact().getFile();
            return file.toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoFailureException("Cannot resolve " + artifact + " (source '" + c.groupId() + ":"
                    + c.artifactId() + ":" + c.version() + (c.classifier() == null ? "" : ":" + c.classifier())
                    + "'): " + e.getMessage(), e);
        }
    }
}
