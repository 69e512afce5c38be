package dev.anonymousaccess.user;

/**
 * Why the authorizer refused a request: the {@code Reason} dimension of the {@code AuthorizationsRefused} metric, a
 * small fixed set so that the metric stays cheap and an alarm can name one.
 */
public enum Refusal {

    /** No {@code Authorization: Bearer} credential, or an event that is not an authorizer event. */
    NO_TOKEN("no_token"),
    /** Not an access token of this service (wrong shape, wrong kind, bad check). */
    MALFORMED_TOKEN("malformed_token"),
    /**
     * A JWT that is not one of this service's access tokens now: an algorithm or type it does not issue, no published
     * key of its {@code kid}, a signature that does not verify, another issuer or audience, expired. Decided without
     * the store.
     */
    INVALID_JWT("invalid_jwt"),
    /** No such user (never existed, erased, or expired and deleted). */
    UNKNOWN_USER("unknown_user"),
    /** The user exists but holds another access token now (rotated away, or forged). */
    SUPERSEDED_TOKEN("superseded_token"),
    /** The access token's own lifetime is over; the app should refresh. */
    TOKEN_EXPIRED("token_expired"),
    /** The user's inactivity period is over (DynamoDB TTL has not deleted it yet). */
    USER_EXPIRED("user_expired"),
    /** The user signed out, or an operator or reuse detection revoked its tokens. */
    REVOKED("revoked"),
    /** The user's client app is unknown or disabled. */
    CLIENT_DISABLED("client_disabled");

    private final String code;

    Refusal(String code) {
        this.code = code;
    }

    /** The dimension value and log field. */
    public String code() {
        return code;
    }

    /**
     * Whether the refusal was read off the user's item, which an eventually consistent read may show as it was a
     * moment ago (a token just issued is not there yet): such a refusal is confirmed by a strongly consistent read.
     */
    public boolean dependsOnTheUsersItem() {
        return switch (this) {
            case UNKNOWN_USER, SUPERSEDED_TOKEN, TOKEN_EXPIRED, USER_EXPIRED, REVOKED -> true;
            case NO_TOKEN, MALFORMED_TOKEN, INVALID_JWT, CLIENT_DISABLED -> false;
        };
    }
}
