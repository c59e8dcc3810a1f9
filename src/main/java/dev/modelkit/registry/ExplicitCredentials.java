package dev.modelkit.registry;

import java.util.Optional;

/** A user name and password given directly (POM parameters or properties); they apply to the target registry. */
public record ExplicitCredentials(Credentials credentials, String description) implements CredentialSource {

    @Override
    public Optional<Credentials> credentialsFor(String registry) {
        return Optional.of(credentials);
    }
}
