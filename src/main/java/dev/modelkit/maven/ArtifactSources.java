package dev.modelkit.maven;

import dev.modelkit.BuildLog;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.OciLayoutReader;
import dev.modelkit.registry.CredentialSource;
import dev.modelkit.registry.ImageReference;
import dev.modelkit.registry.RegistryArtifactSource;
import dev.modelkit.registry.TransportSettings;
import dev.modelkit.store.LocalStore;
import dev.modelkit.store.StoreException;
import dev.modelkit.store.StoreReference;
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
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code source} parameter into an {@link ArtifactSource} (shared by unpack and inspect), in this order: an
 * existing layout folder or archive as is; a registry reference from the KitOps local store when the store has it,
 * else (unless the registry is {@code localhost}) streamed from the registry; Maven coordinates through the project's
 * repositories with Maven Resolver; a reference without a registry ({@code model:1.0}) from the local store only.
 */
final class ArtifactSources {

    /** How to reach registries and the local store: the same settings push and pull use. */
    record Access(TransportSettings transport, CredentialSource credentials, Path kitopsHome, BuildLog log) {
    }

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
                               RepositorySystem repositorySystem, Access access)
            throws MojoFailureException, MojoExecutionException {
        SourceReference ref;
        try {
            ref = SourceReference.parse(source, baseDirectory(session, project));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        if (ref instanceof SourceReference.Coordinates c) {
            return openPath(resolve(c, session, project, repositorySystem));
        }
        return open(ref, access);
    }

    /** Every kind of source but Maven coordinates (which need a Maven session). */
    static ArtifactSource open(SourceReference ref, Access access) throws MojoFailureException,
            MojoExecutionException {
        if (ref instanceof SourceReference.LocalPath local) {
            return openPath(local.path());
        }
        if (ref instanceof SourceReference.Registry registry) {
            return openRegistry(registry.reference(), access);
        }
        if (ref instanceof SourceReference.StoreName name) {
            StoreReference storeRef = storeReference(name.reference());
            return fromStore(storeRef, access).orElseThrow(() -> new MojoFailureException("source '"
                    + name.reference() + "' is not in the local store " + store(access).storage()
                    + " (set modelkit.kitopsHome, or name a registry: registry.example.com/" + name.reference() + ")"));
        }
        throw new MojoExecutionException("Unsupported source " + ref);
    }

    private static ArtifactSource openPath(Path path) throws MojoFailureException {
        try {
            return OciLayoutReader.open(path);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** kit's order: the local store first; then the registry itself, unless it is kit's local-only {@code localhost}. */
    private static ArtifactSource openRegistry(String text, Access access) throws MojoFailureException,
            MojoExecutionException {
        ImageReference image;
        try {
            image = ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("source '" + text + "' is not a valid registry reference: "
                    + e.getMessage(), e);
        }
        StoreReference storeRef = null;
        try {
            storeRef = new StoreReference(image.registry(), image.repository(),
                    image.digest() == null ? image.tag() : null,
                    image.digest() == null ? null : image.digest().toString());
        } catch (IllegalArgumentException notAStoreName) {
            access.log().debug("'" + text + "' cannot be in the local store: " + notAStoreName.getMessage());
        }
        if (storeRef != null) {
            Optional<ArtifactSource> stored = fromStore(storeRef, access);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        if (StoreReference.DEFAULT_REGISTRY.equals(image.registry())) {
            throw new MojoFailureException("source '" + text + "' is not in the local store " + store(access).storage()
                    + "; registry 'localhost' means the local store only (give a port for a registry on this machine,"
                    + " e.g. localhost:5000/...)");
        }
        try {
            return RegistryArtifactSource.open(image, access.transport(), access.credentials(), access.log());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot reach " + image.registry() + " for " + text + ": "
                    + e.getMessage(), e);
        }
    }

    private static StoreReference storeReference(String text) throws MojoFailureException {
        try {
            List<StoreReference> refs = StoreReference.parse(text);
            if (refs.size() != 1) {
                throw new IllegalArgumentException("name one tag, not several");
            }
            return refs.get(0);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("source '" + text + "' is not a valid local store reference: "
                    + e.getMessage(), e);
        }
    }

    private static LocalStore store(Access access) {
        return new LocalStore(access.kitopsHome());
    }

    private static Optional<ArtifactSource> fromStore(StoreReference ref, Access access)
            throws MojoExecutionException {
        try {
            return store(access).open(ref);
        } catch (StoreException | IOException e) {
            throw new MojoExecutionException("Cannot read the local store " + store(access).storage() + ": "
                    + e.getMessage(), e);
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
