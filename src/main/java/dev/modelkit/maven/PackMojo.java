package dev.modelkit.maven;

import dev.modelkit.layer.Compression;
import dev.modelkit.layer.ZstdEncoder;
import dev.modelkit.layer.SymlinkPolicy;
import dev.modelkit.pack.ArtifactFormat;
import dev.modelkit.pack.LayerFormat;
import dev.modelkit.pack.OutputTimestamp;
import dev.modelkit.pack.PackException;
import dev.modelkit.pack.PackProgress;
import dev.modelkit.pack.PackRequest;
import dev.modelkit.pack.PackResult;
import dev.modelkit.pack.Packer;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Packs the Kitfile and the files it names into a ModelKit: an OCI image layout in {@code target/modelkit}, an
 * oci-archive {@code target/<finalName>-modelkit.tar} attached to the build, {@code target/modelkit.digest} (the
 * manifest digest) and {@code target/modelkit.json} (a summary for scripts).
 *
 * <p>Tar layers are byte-identical to what {@code kit pack} writes for the same folder. The same inputs always give
 * the same digest: nothing reads the clock; times come only from {@code project.build.outputTimestamp}.
 */
@Mojo(name = "pack", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackMojo extends AbstractMojo {

    /** The Kitfile to pack. Its paths are relative to {@link #contextDirectory}, not to the Kitfile. */
    @Parameter(property = "modelkit.kitfile", defaultValue = "${project.basedir}/Kitfile")
    private File kitfile;

    /** The folder the Kitfile's paths are relative to (kit's context directory). */
    @Parameter(property = "modelkit.context", defaultValue = "${project.basedir}")
    private File contextDirectory;

    /**
     * {@code modelkit} (a KitOps ModelKit) or {@code modelpack} (a CNCF ModelPack: {@code weight},
     * {@code weight.config}, {@code dataset}, {@code code} and {@code doc} layers, a model-spec config, and the
     * Kitfile in the {@code ml.kitops.modelkit.kitfile} manifest annotation).
     */
    @Parameter(property = "modelkit.format", defaultValue = "modelkit")
    private String format;

    /**
     * {@code tar} (one tar per Kitfile entry, as kit packs) or {@code raw} (each entry must be a single file; the
     * layer is the file's own bytes, so its diffId is the file's sha256). A ModelPack's raw layers cannot be
     * compressed.
     */
    @Parameter(property = "modelkit.layerFormat", defaultValue = "tar")
    private String layerFormat;

    /** Layer compression: {@code none}, {@code gzip}, {@code gzip-fastest} or {@code zstd}. */
    @Parameter(property = "modelkit.compression", defaultValue = "none")
    private String compression;

    /**
     * Which zstd implementation compresses {@code zstd} layers: {@code auto} (libzstd through zstd-jni where its
     * native library loads, else the pure-Java aircompressor with a warning), {@code native} (fail where libzstd does
     * not load) or {@code java} (pure Java everywhere, about half as fast on text). Both give the same diffIds but
     * different compressed bytes, so set {@code java} when builds on machines without libzstd must give the same
     * digests.
     */
    @Parameter(property = "modelkit.zstdEncoder", defaultValue = "auto")
    private String zstdEncoder;

    /** The repository name recorded in {@code target/modelkit.json} and used by install and push. */
    @Parameter(property = "modelkit.repository", defaultValue = "${project.artifactId}")
    private String repository;

    /** Tags: one index.json entry each. As a property, comma-separated: {@code -Dmodelkit.tags=1.0.0,latest}. */
    @Parameter(property = "modelkit.tags", defaultValue = "${project.version}")
    private List<String> tags;

    /** Where the OCI image layout is written. */
    @Parameter(property = "modelkit.outputDirectory", defaultValue = "${project.build.directory}/modelkit")
    private File outputDirectory;

    /** The oci-archive: the layout as one tar, the artifact Maven installs and deploys. */
    @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}-modelkit.tar", readonly = true)
    private File archiveFile;

    /** The file holding the manifest digest ({@code sha256:...}). */
    @Parameter(defaultValue = "${project.build.directory}/modelkit.digest")
    private File digestFile;

    /** The JSON summary: reference, digest, media types and every layer. */
    @Parameter(defaultValue = "${project.build.directory}/modelkit.json")
    private File metadataFile;

    /**
     * Whether to write the archive and attach it to the project (classifier {@link #classifier}, type {@code tar}).
     * With {@code <packaging>modelkit</packaging>} the archive is always written: it is the main artifact.
     */
    @Parameter(property = "modelkit.attach", defaultValue = "true")
    private boolean attach;

    /** The classifier of the attached archive (other packagings than {@code modelkit}). */
    @Parameter(property = "modelkit.classifier", defaultValue = "modelkit")
    private String classifier;

    /** Skips every goal of this plugin. */
    @Parameter(property = "modelkit.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The time recorded as {@code org.opencontainers.image.created} (ISO-8601 or epoch seconds). Unset: no time is
     * recorded at all, so the digest never depends on when the build ran.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /** Symbolic links inside packed folders: {@code follow} (pack the target's content), {@code skip}, {@code fail}. */
    @Parameter(property = "modelkit.symlinks", defaultValue = "follow")
    private String symlinks;

    /**
     * Fill missing Kitfile {@code package} fields (name, version, description, authors, license) from the POM and
     * add {@code org.opencontainers.image.url/source/revision} annotations. This changes the config digest relative
     * to {@code kit pack}; turn it off for byte parity with kit.
     */
    @Parameter(property = "modelkit.pomMetadata", defaultValue = "true")
    private boolean pomMetadata;

    /**
     * Progress for long packs: {@code auto} (a live footer on an interactive console, else a log line per large
     * layer every 10 seconds), {@code plain} (log lines), {@code fancy} (footer) or {@code none}. Nothing is shown
     * under {@code -q}.
     */
    @Parameter(property = "modelkit.progress", defaultValue = "auto")
    private String progress;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping ModelKit pack (modelkit.skip)");
            return;
        }
        boolean mainArtifact = "modelkit".equals(project.getPackaging());
        boolean writeArchive = attach || mainArtifact;
        PackRequest request = request(writeArchive);
        PackProgress shown;
        try {
            shown = ProgressChoice.of(progress, getLog(), session);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid <progress>: " + e.getMessage(), e);
        }
        PackResult result;
        try {
            result = new Packer(new MavenBuildLog(getLog()), shown).pack(request);
        } catch (PackException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Packing the ModelKit failed: " + e.getMessage(), e);
        }
        getLog().info("ModelKit " + result.reference() + " " + result.manifestDescriptor().digest());
        if (mainArtifact) {
            project.getArtifact().setFile(archiveFile);
        } else if (attach) {
            projectHelper.attachArtifact(project, "tar", classifier, archiveFile);
        }
    }

    private PackRequest request(boolean writeArchive) throws MojoFailureException {
        try {
            List<Path> excluded = new ArrayList<>();
            excluded.add(Path.of(project.getBuild().getDirectory()));
            return new PackRequest(kitfile.toPath(), contextDirectory.toPath(), excluded, outputDirectory.toPath(),
                    writeArchive ? archiveFile.toPath() : null, digestFile.toPath(), metadataFile.toPath(),
                    ArtifactFormat.parse(format), LayerFormat.parse(layerFormat), Compression.parse(compression),
                    repository, cleanTags(), OutputTimestamp.parse(outputTimestamp), symlinkPolicy(),
                    pomMetadata ? PomMetadata.packageDefaults(project) : null,
                    pomMetadata ? PomMetadata.annotations(project) : Map.of(), ZstdEncoder.parse(zstdEncoder));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("Invalid plugin configuration: " + e.getMessage(), e);
        }
    }

    private List<String> cleanTags() {
        List<String> out = new ArrayList<>();
        for (String t : tags == null ? List.<String>of() : tags) {
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("<tags> is empty: give at least one tag");
        }
        return out;
    }

    private SymlinkPolicy symlinkPolicy() {
        try {
            return SymlinkPolicy.valueOf(symlinks.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown symlinks '" + symlinks + "': use follow, skip or fail");
        }
    }
}
