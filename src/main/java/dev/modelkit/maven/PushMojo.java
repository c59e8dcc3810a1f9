package dev.modelkit.maven;

import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.registry.ImageReference;
import dev.modelkit.registry.PushRecord;
import dev.modelkit.registry.PushRequest;
import dev.modelkit.registry.PushResult;
import dev.modelkit.registry.Pusher;
import dev.modelkit.registry.RegistryException;
import dev.modelkit.registry.UploadPolicy;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes the packed ModelKit to an OCI registry (Harbor, Artifactory, Nexus, GHCR, ECR, Google Artifact Registry,
 * Docker Hub, distribution) and records {@code pushed: [{reference, digest}]} in {@code target/modelkit.json}.
 * Blobs the registry has are not sent again; the manifest keeps the digest pack computed. Credentials: see the
 * site's registries page for the order.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractRegistryMojo {

    /** What to push: an OCI layout folder or an oci-archive tar. */
    @Parameter(property = "modelkit.push.source", defaultValue = "${project.build.directory}/modelkit")
    private File source;

    /** One full target reference, {@code registry/repository:tag}; replaces registry, repository and tags. */
    @Parameter(property = "modelkit.reference")
    private String reference;

    /** The registry host[:port], e.g. {@code harbor.example.com} or {@code ghcr.io}. */
    @Parameter(property = "modelkit.registry")
    private String registry;

    /** The repository path inside the registry (lowercase), e.g. {@code ml/sentiment}. */
    @Parameter(property = "modelkit.repository", defaultValue = "${project.artifactId}")
    private String repository;

    /** Tags; as a property comma-separated. The manifest is put by the first, then by the others. */
    @Parameter(property = "modelkit.tags", defaultValue = "${project.version}")
    private List<String> tags;

    /** Blobs of at least this many bytes go up in chunked PATCH requests of this size (kit: 100 MiB); 0: never. */
    @Parameter(property = "modelkit.chunkSize", defaultValue = "104857600")
    private long chunkSize;

    /**
     * Extra registry host patterns that always get monolithic uploads (besides kit's: ghcr.io, *.pkg.dev, *gcr.io,
     * *.amazonaws.com, *.amazonaws.com.cn). A leading {@code *} matches any prefix.
     */
    @Parameter(property = "modelkit.monolithicRegistries")
    private List<String> monolithicRegistries;

    /**
     * Repositories of the same registry that may already hold the blobs: mounted instead of uploaded. Repositories
     * this ModelKit was pushed to before (from modelkit.json) are added automatically.
     */
    @Parameter(property = "modelkit.mountFrom")
    private List<String> mountFrom;

    /** The JSON summary pack wrote; the push adds {@code pushed}. */
    @Parameter(defaultValue = "${project.build.directory}/modelkit.json")
    private File metadataFile;

    /** Skips only this goal. */
    @Parameter(property = "modelkit.push.skip", defaultValue = "false")
    private boolean pushSkip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || pushSkip) {
            getLog().info("Skipping ModelKit push (" + (skip ? "modelkit.skip" : "modelkit.push.skip") + ")");
            return;
        }
        PushRequest request = request();
        PushResult result;
        try {
            result = new Pusher(new MavenBuildLog(getLog())).push(request);
            PushRecord.add(metadataFile.toPath(), result.pushed());
        } catch (BlobVerificationException e) {
            throw new MojoFailureException("Nothing pushed from a corrupt ModelKit: " + e.getMessage()
                    + " (run the pack goal again)", e);
        } catch (RegistryException e) {
            throw new MojoExecutionException("Push to " + request.registry() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Push failed: " + e.getMessage(), e);
        }
        result.pushed().forEach(p -> getLog().info("Pushed " + p.reference() + "@" + p.digest()));
    }

    private PushRequest request() throws MojoFailureException {
        try {
            String reg;
            String repo;
            List<String> tagList;
            if (reference != null && !reference.isBlank()) {
                ImageReference ref = ImageReference.parse(reference.trim());
                if (ref.tag() == null) {
                    throw new IllegalArgumentException("<reference> needs a tag to push to: " + reference);
                }
                reg = ref.registry();
                repo = ref.repository();
                tagList = List.of(ref.tag());
            } else {
                if (registry == null || registry.isBlank()) {
                    throw new IllegalArgumentException("set <registry> (modelkit.registry) or a full <reference> "
                            + "(modelkit.reference) to push to");
                }
                reg = registry.trim();
                repo = repository == null ? "" : repository.trim();
                tagList = split(tags);
                if (tagList.isEmpty()) {
                    throw new IllegalArgumentException("<tags> is empty: give at least one tag");
                }
            }
            List<String> mounts = new ArrayList<>(split(mountFrom));
            for (String r : PushRecord.repositoriesOn(metadataFile.toPath(), reg)) {
                if (!mounts.contains(r)) {
                    mounts.add(r);
                }
            }
            PushRequest request = new PushRequest(source.toPath(), reg, repo, tagList, mounts,
                    new UploadPolicy(chunkSize, UploadPolicy.withKitDefaults(split(monolithicRegistries)),
                            parallelism), transport(), credentials());
            request.references(); // validates the repository and tag names now, with the POM's wording below
            return request;
        } catch (IllegalArgumentException | IOException e) {
            throw new MojoFailureException("Invalid push configuration: " + e.getMessage(), e);
        }
    }

    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? List.<String>of() : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
