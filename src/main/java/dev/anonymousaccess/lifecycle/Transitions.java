package dev.anonymousaccess.lifecycle;

import java.util.Objects;
import java.util.Optional;

import dev.anonymousaccess.lifecycle.ItemState.Kind;

/**
 * Which event, if any, one change of the table is: exactly one per transition, however many items the transition
 * wrote in its transaction. A claim is the user item gaining its subject; a merge is the session item it creates
 * for the merged device (which names the user merged away; the marker that replaces that user and the holder's session
 * list publish nothing); a sign-out or a revocation is an item's {@code revokedFor} changing (an operator's
 * {@code revokeUser} is told by the user's own item alone, not each of its sessions); an expiry is TTL deleting a
 * user item, an erasure this service deleting one (a claimed user's further sessions go with it silently). Refreshes,
 * authorizations and lifetime writes change none of these, and items that are not users publish nothing.
 */
public final class Transitions {

    /** Reasons a revocation carries, as the items record them. */
    static final String SIGN_OUT = "sign_out";
    static final String OPERATOR = "operator";

    private final boolean publishUserCreated;

    /** @param publishUserCreated whether new anonymous users are published (off by default: the highest volume) */
    public Transitions(boolean publishUserCreated) {
        this.publishUserCreated = publishUserCreated;
    }

    public Optional<LifecycleEvent> eventOf(Change change) {
        ItemState before = change.before().orElse(ItemState.OTHER);
        ItemState after = change.after().orElse(ItemState.OTHER);
        if (change.after().isEmpty()) {
            return deleted(change, before);
        }
        if (after.kind() == Kind.USER && change.before().isEmpty()) {
            return publishUserCreated ? event(LifecycleEventType.USER_CREATED, change, after, null) : Optional.empty();
        }
        if (after.kind() == Kind.SESSION && change.before().isEmpty() && after.mergedFrom() != null) {
            return Optional.of(new LifecycleEvent(LifecycleEventType.USERS_MERGED, change.eventId(), after.userId(),
                    after.clientId(), after.sessionId(), after.subject(), after.mergedFrom(), null, change.at()));
        }
        if (before.kind() != after.kind() || (after.kind() != Kind.USER && after.kind() != Kind.SESSION)) {
            return Optional.empty();
        }
        if (after.kind() == Kind.USER && before.subject() == null && after.subject() != null) {
            return event(LifecycleEventType.USER_CLAIMED, change, after, null);
        }
        if (after.revokedFor() != null && !Objects.equals(before.revokedFor(), after.revokedFor())) {
            return revoked(change, after);
        }
        return Optional.empty();
    }

    private static Optional<LifecycleEvent> revoked(Change change, ItemState after) {
        if (SIGN_OUT.equals(after.revokedFor())) {
            return event(LifecycleEventType.SESSION_SIGNED_OUT, change, after, null);
        }
        if (OPERATOR.equals(after.revokedFor()) && after.kind() == Kind.SESSION) {
            return Optional.empty(); // the user's own item tells the one revocation
        }
        return event(LifecycleEventType.USER_REVOKED, change, after, after.revokedFor());
    }

    private static Optional<LifecycleEvent> deleted(Change change, ItemState before) {
        if (before.kind() != Kind.USER) {
            return Optional.empty();
        }
        return event(change.byTtl() ? LifecycleEventType.USER_EXPIRED : LifecycleEventType.USER_ERASED, change,
                before, null);
    }

    private static Optional<LifecycleEvent> event(LifecycleEventType type, Change change, ItemState state,
            String reason) {
        return Optional.of(new LifecycleEvent(type, change.eventId(), state.userId(), state.clientId(),
                state.sessionId(), state.subject(), null, reason, change.at()));
    }
}
