package dev.anonymousaccess.client;

import java.util.regex.Pattern;

import dev.anonymousaccess.error.OAuthException;

/** The syntax of a client id, shared by registration and by every request that names one. */
public final class ClientId {

    public static final int MAX_LENGTH = 128;
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._-]+");

    private ClientId() {
    }

    /** Whether {@code value} is a client id by its syntax: ASCII only, so its length in characters is in bytes. */
    public static boolean isValid(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && SYNTAX.matcher(value).matches();
    }

    /**
     * @return {@code value}, a valid client id
     * @throws OAuthException {@code invalid_request}, saying what is wrong with it
     */
    public static String require(String value) {
        if (value == null) {
            throw OAuthException.invalidRequest("clientId is required");
        }
        if (value.isBlank()) {
            throw OAuthException.invalidRequest("clientId must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw OAuthException.invalidRequest("clientId must be at most " + MAX_LENGTH + " characters");
        }
        if (!SYNTAX.matcher(value).matches()) {
            throw OAuthException.invalidRequest("clientId may contain only letters, digits, '.', '_' and '-'");
        }
        return value;
    }
}
