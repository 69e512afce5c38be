package dev.anonymousaccess.lifecycle;

/**
 * One item of the table as the lifecycle rules see it, before or after a change: what kind of item it is and the
 * facts an event carries. Never a token, a hash or a secret.
 *
 * @param kind what the item is
 * @param userId the user it belongs to (a session's claimed user; a merge marker's merged user)
 * @param sessionId the session it holds (a user item's own session is its user id), or the merge's new session
 * @param subject the person's permanent id of a claimed user's items, else null
 * @param revokedFor why its tokens were revoked ({@code sign_out}, {@code reuse_detected}, {@code operator}), or null
 * @param mergedFrom a session item made by a merge: the anonymous user merged away
 */
public record ItemState(Kind kind, String userId, String clientId, String sessionId, String subject,
        String revokedFor, String mergedFrom) {

    public enum Kind {
        /** A user's own item: an anonymous user, or a claimed user's first session. */
        USER,
        /** A further session of a claimed user (a merged device). */
        SESSION,
        /** What a merged anonymous user's item became. */
        MERGED,
        /** Anything else: client apps, sign-up counters, subject holds, origin index, signing keys. */
        OTHER
    }

    /** An item that is no user's. */
    public static final ItemState OTHER = new ItemState(Kind.OTHER, null, null, null, null, null, null);

    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** Builds a state by name: most facts are absent from most items. */
    public static final class Builder {
        private final Kind kind;
        private String userId;
        private String clientId;
        private String sessionId;
        private String subject;
        private String revokedFor;
        private String mergedFrom;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        public Builder userId(String value) {
            userId = value;
            return this;
        }

        public Builder clientId(String value) {
            clientId = value;
            return this;
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder subject(String value) {
            subject = value;
            return this;
        }

        public Builder revokedFor(String value) {
            revokedFor = value;
            return this;
        }

        public Builder mergedFrom(String value) {
            mergedFrom = value;
            return this;
        }

        public ItemState build() {
            return new ItemState(kind, userId, clientId, sessionId, subject, revokedFor, mergedFrom);
        }
    }

    /** Never prints the subject (personal data). */
    @Override
    public String toString() {
        return "ItemState[" + kind + ", userId=" + userId + ", sessionId=" + sessionId + "]";
    }
}
