package dev.anonymousaccess.client;

import java.util.regex.Pattern;

/** The syntax of a client id, shared by registration and by every request that names one. */
public final class ClientId {

    public static final int MAX_LENGTH = 128;
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._-]+");

    private ClientId() {
    }

    /** Null when {@code value} is a valid client id, else what is wrong with it. */
    public static String problemWith(String value) {
        if (value == null) {
            return "clientId is required";
        }
        if (value.isBlank()) {
            return "clientId must not be blank";
        }
        if (value.length() > MAX_LENGTH) {
            return "clientId must be at most " + MAX_LENGTH + " characters";
        }
        if (!SYNTAX.matcher(value).matches()) {
            return "clientId may contain only letters, digits, '.', '_' and '-'";
        }
        return null;
    }
}
