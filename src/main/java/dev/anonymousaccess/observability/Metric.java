package dev.anonymousaccess.observability;

/**
 * The metrics of namespace {@code AnonymousAccess}, each published with dimension {@code Function} and, where
 * {@link Breakdown} says so, also per client app or per refusal reason. Never per user: dimensions must stay few.
 */
public enum Metric {

    /** A new anonymous user was written ({@code create}). */
    USERS_CREATED("UsersCreated", Breakdown.CLIENT),
    /** A refresh answered a token pair ({@code refresh}; a retry within the window counts again). */
    TOKENS_REFRESHED("TokensRefreshed", Breakdown.CLIENT),
    /** An anonymous user was claimed for a subject no user of its app held ({@code claim}; not counted on a retry). */
    USERS_CLAIMED("UsersClaimed", Breakdown.CLIENT),
    /** An anonymous user was merged into the user holding the subject it was claimed for ({@code claim}). */
    USERS_MERGED("UsersMerged", Breakdown.CLIENT),
    /** A user's tokens were revoked by sign-out ({@code revoke}). */
    USERS_SIGNED_OUT("UsersSignedOut", Breakdown.CLIENT),
    /** The authorizer allowed a request, or an introspection answered a token active. */
    AUTHORIZATIONS("Authorizations", Breakdown.CLIENT),
    /** The authorizer refused a request, or an introspection answered inactive, by {@link Refusal}. */
    AUTHORIZATIONS_REFUSED("AuthorizationsRefused", Breakdown.REASON),
    /** A retired refresh token was presented (likely theft); its user was signed out. */
    REFRESH_TOKEN_REUSE("RefreshTokenReuse", Breakdown.CLIENT),
    /** A sign-up was refused by the client app's per-address limit. */
    SIGNUPS_RATE_LIMITED("SignupsRateLimited", Breakdown.CLIENT),
    /** A sign-up did not pass the client app's bot check. */
    CAPTCHA_FAILURES("CaptchaFailures", Breakdown.CLIENT),
    /** An invocation could not use DynamoDB (it answered 503, or the authorizer failed closed). */
    STORE_FAILURES("StoreFailures", Breakdown.NONE),
    /**
     * What a rule read kept changing until its attempts ran out (it answered 503): the store worked, so this is not a
     * store failure.
     */
    CONTENTION("Contention", Breakdown.NONE),
    /** A lifecycle event was put on the event bus ({@code lifecycle}). */
    LIFECYCLE_EVENTS_PUBLISHED("LifecycleEventsPublished", Breakdown.NONE),
    /** A lifecycle event could not be put after its attempts: its batch is delivered again ({@code lifecycle}). */
    LIFECYCLE_EVENTS_FAILED("LifecycleEventsFailed", Breakdown.NONE),
    /** A stream record could not be read as a change of an item: its batch is delivered again from it. */
    STREAM_RECORDS_UNREADABLE("StreamRecordsUnreadable", Breakdown.NONE);

    /** Which second dimension, besides {@code Function}, a metric is also published with. */
    public enum Breakdown {
        NONE, CLIENT, REASON
    }

    private final String metricName;
    private final Breakdown breakdown;

    Metric(String metricName, Breakdown breakdown) {
        this.metricName = metricName;
        this.breakdown = breakdown;
    }

    public String metricName() {
        return metricName;
    }

    public Breakdown breakdown() {
        return breakdown;
    }
}
