package dev.modelkit.maven;

import dev.modelkit.registry.CredentialChain;
import dev.modelkit.registry.CredentialSources;
import dev.modelkit.registry.Credentials;
import dev.modelkit.registry.ExplicitCredentials;
import dev.modelkit.registry.TransportSettings;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.io.File;
import java.nio.file.Path;

/** What push, pull, unpack and inspect share: how to reach a registry and where credentials come from. */
abstract class AbstractRegistryMojo extends AbstractMojo {

    /** Talk plain HTTP (registries without TLS). Credentials are then only sent to loopback addresses. */
    @Parameter(property = "modelkit.plainHttp", defaultValue = "false")
    boolean plainHttp;

    /** Verify the registry's TLS certificate and host name. Turn off only for throwaway test registries. */
    @Parameter(property = "modelkit.tlsVerify", defaultValue = "true")
    boolean tlsVerify;

    /** A PEM file of CA certificates trusted in addition to the JVM's (a company CA). */
    @Parameter(property = "modelkit.caCertificates")
    File caCertificates;

    /** Allow credentials over plain HTTP to a host that is not loopback (they travel readable on the network). */
    @Parameter(property = "modelkit.sendCredentialsOverHttp", defaultValue = "false")
    boolean sendCredentialsOverHttp;

    /** The settings.xml {@code <server>} id holding the credentials; default: the registry host:port, then host. */
    @Parameter(property = "modelkit.serverId")
    String serverId;

    /** Explicit registry user name (first in the credentials order); prefer settings.xml for secrets. */
    @Parameter(property = "modelkit.username")
    String username;

    /** Explicit registry password or token, with {@link #username}. */
    @Parameter(property = "modelkit.password")
    String password;

    /** Blobs transferred at once by push and pull (unpack reads its layers one after another). */
    @Parameter(property = "modelkit.parallelism", defaultValue = "3")
    int parallelism;

    /** Skips every goal of this plugin. */
    @Parameter(property = "modelkit.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter settingsDecrypter;

    TransportSettings transport() {
        return TransportSettings.defaults().withPlainHttp(plainHttp).withTlsVerify(tlsVerify)
                .withCaCertificates(caCertificates == null ? null : caCertificates.toPath())
                .withSendCredentialsOverHttp(sendCredentialsOverHttp);
    }

    CredentialChain credentials() {
        ExplicitCredentials explicit = username != null && !username.isBlank() && password != null
                ? new ExplicitCredentials(new Credentials(username, password), "the username/password parameters")
                : null;
        return CredentialSources.standard(explicit, new SettingsCredentialSource(settings, settingsDecrypter,
                serverId), System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
