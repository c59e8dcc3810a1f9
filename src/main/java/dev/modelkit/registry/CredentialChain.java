package dev.modelkit.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Asks sources in order; the first that has credentials for the registry wins. */
public record CredentialChain(List<CredentialSource> sources) implements CredentialSource {

    public CredentialChain {
        sources = List.copyOf(sources);
    }

    @Override
    public Optional<Credentials> credentialsFor(String registry) throws IOException {
        return resolve(registry).map(Found::credentials);
    }

    /** The credentials and the source that gave them, so a log line can say where they came from. */
    public Optional<Found> resolve(String registry) throws IOException {
        for (CredentialSource s : sources) {
            Optional<Credentials> c = s.credentialsFor(registry);
            if (c.isPresent()) {
                return Optional.of(new Found(c.get(), s.description()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String description() {
        return "credential chain";
    }

    /** Credentials and where they came from. */
    public record Found(Credentials credentials, String source) {
    }
}
