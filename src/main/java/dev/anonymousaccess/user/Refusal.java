package dev.anonymousaccess.user;

import java.util.Locale;

/**
 * Why the authorizer refused a request, or an introspection answered a token inactive: the {@code Reason} dimension of the {@code AuthorizationsRefused} metric, a
 * small fixed set so that the metric stays cheap and an alarm can name one.
 */
public enum Refusal {

    /** No {@code Authorization: Bearer} credential, or an event that is not an authorizer event. */
    NO_TOKEN,
    /** Not an access token of this service (wrong shape, wrong kind, bad check). */
    MALFORMED_TOKEN,
    /**
     * A JWT that is not one of this service's access tokens now: an algorithm or type it does not issue, no published
     * key of its {@code kid}, a signature that does not verify, another issuer or audience, expired. Decided without
     * the store.
     */
    INVALID_JWT,
    /** No such user (never existed, erased, or expired and deleted). */
    UNKNOWN_USER,
    /** The user exists but holds another access token now (rotated away, or forged). */
    SUPERSEDED_TOKEN,
    /** The access token's own lifetime is over; the app should refresh. */
    TOKEN_EXPIRED,
    /** The user's inactivity period is over (DynamoDB TTL has not deleted it yet). */
    USER_EXPIRED,
    /** The user signed out, or an operator or reuse detection revoked its tokens. */
    REVOKED,
    /** The user's client app is unknown or disabled. */
    CLIENT_DISABLED,
    /** A good token of another client app than the backend that asks about it (introspection only). */
    OTHER_CLIENT;

    /** Made once: a refused request (a flood of forgeries, say) names its refusal without building a string. */
    private final String code = name().toLowerCase(Locale.ROOT);

    /** The dimension value and log field: the name in lower case. */
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
            case NO_TOKEN, MALFORMED_TOKEN, INVALID_JWT, CLIENT_DISABLED, OTHER_CLIENT -> false;
        };
    }
}
