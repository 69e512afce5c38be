package dev.anonymousaccess.lifecycle;

/** What happened to a user, under the exact {@code detail-type} names apps write their EventBridge rules against. */
public enum LifecycleEventType {
    /** A new anonymous user (off by default: the highest volume). */
    USER_CREATED("UserCreated"),
    /** An app's backend claimed the user for the person's permanent id: it is permanent now. */
    USER_CLAIMED("UserClaimed"),
    /** An anonymous user was merged into the claimed user holding the same subject: move its data. */
    USERS_MERGED("UsersMerged"),
    /** A sign-out: the anonymous user's only session, or one device of a claimed user. */
    SESSION_SIGNED_OUT("SessionSignedOut"),
    /** The operator's {@code revokeUser}, or a refresh token's reuse (its {@code reason} says which). */
    USER_REVOKED("UserRevoked"),
    /** DynamoDB's TTL deleted an anonymous user after its inactivity period. */
    USER_EXPIRED("UserExpired"),
    /** The operator's {@code deleteUser}. */
    USER_ERASED("UserErased");

    private final String detailType;

    LifecycleEventType(String detailType) {
        this.detailType = detailType;
    }

    /** The EventBridge {@code detail-type}. */
    public String detailType() {
        return detailType;
    }
}
