package dev.modelkit.registry;

import java.util.Objects;

/**
 * A user name and secret for one registry. When {@code username} is {@code <token>} (docker's convention for an
 * {@code identitytoken}), the secret is an OAuth2 refresh token, exchanged at the token realm. {@link #toString()}
 * never shows the secret, so a credential that ends up in a message or log line leaks nothing.
 */
public record Credentials(String username, String secret) {

    /** The user name docker writes for identity (refresh) tokens. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    public static Credentials identityToken(String token) {
        return new Credentials(IDENTITY_TOKEN_USER, token);
    }

    public boolean isIdentityToken() {
        return IDENTITY_TOKEN_USER.equals(username);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=****]";
    }
}
