package dev.anonymousaccess.error;

/**
 * The store worked, but what a rule read kept changing under it until its attempts ran out (many devices of one user
 * at once, say): {@code temporarily_unavailable}, answered 503 with {@code Retry-After} like an outage, but logged and
 * counted as contention, never as a store failure, and never labelled with a store operation.
 */
public class ContentionException extends OAuthException {

    private final String what;

    /** @param what what kept changing, for the log line (never a token or personal data) */
    public ContentionException(String what) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, StoreUnavailableException.DESCRIPTION);
        this.what = what;
    }

    @Override
    public String logDetail() {
        return "contention: " + what;
    }
}
