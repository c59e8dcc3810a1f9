package dev.modelkit.registry;

import java.io.IOException;
import java.util.Optional;

/** One place credentials may come from. Sources are asked in a fixed order ({@link CredentialChain}). */
public interface CredentialSource {

    /**
     * The credentials for a registry, or empty when this source has none for it.
     *
     * @param registry the registry as the user named it, host with optional port ({@code docker.io} for Docker Hub)
     */
    Optional<Credentials> credentialsFor(String registry) throws IOException;

    /** Where the credentials came from, for log lines (never the secret). */
    String description();

    /** No credentials: anonymous access. */
    CredentialSource ANONYMOUS = new CredentialSource() {
        @Override
        public Optional<Credentials> credentialsFor(String registry) {
            return Optional.empty();
        }

        @Override
        public String description() {
            return "anonymous";
        }
    };
}
