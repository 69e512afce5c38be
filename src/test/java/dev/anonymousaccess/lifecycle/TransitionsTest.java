package dev.anonymousaccess.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.lifecycle.ItemState.Kind;
import dev.anonymousaccess.user.Revocation;

/** Which change of the table is which event: exactly one per transition, none for anything else. */
@Tag("rules")
class TransitionsTest {

    static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    final Transitions transitions = new Transitions(false);

    static ItemState.Builder user(String id) {
        return ItemState.builder(Kind.USER).userId(id).clientId("app").sessionId(id);
    }

    static ItemState.Builder session(String id, String user) {
        return ItemState.builder(Kind.SESSION).userId(user).clientId("app").sessionId(id).subject("auth0|4711");
    }

    static Change change(ItemState before, ItemState after) {
        return new Change("event-1", "100", AT, Optional.ofNullable(before), Optional.ofNullable(after), false);
    }

    Optional<LifecycleEvent> eventOf(ItemState before, ItemState after) {
        return transitions.eventOf(change(before, after));
    }

    LifecycleEvent only(ItemState before, ItemState after) {
        return eventOf(before, after).orElseThrow();
    }

    @Test
    void aNewAnonymousUserIsNoEventUnlessAskedFor() {
        assertTrue(eventOf(null, user("u1").build()).isEmpty());
        assertEquals(LifecycleEventType.USER_CREATED,
                new Transitions(true).eventOf(change(null, user("u1").build())).orElseThrow().type());
    }

    @Test
    void aUserGainingItsSubjectIsClaimed() {
        LifecycleEvent event = only(user("u1").build(), user("u1").subject("auth0|4711").build());

        assertEquals(LifecycleEventType.USER_CLAIMED, event.type());
        assertEquals("u1", event.userId());
        assertEquals("app", event.clientId());
        assertEquals("auth0|4711", event.subject());
        assertEquals("event-1", event.idempotencyKey());
        assertEquals(AT, event.occurredAt());
    }

    @Test
    void theSessionAMergeCreatesIsTheMergeNamingBothUsers() {
        LifecycleEvent event = only(null, session("s9", "holder").mergedFrom("merged").build());

        assertEquals(LifecycleEventType.USERS_MERGED, event.type());
        assertEquals("holder", event.userId());
        assertEquals("merged", event.mergedUserId());
        assertEquals("s9", event.sessionId());
        assertEquals("auth0|4711", event.subject());
    }

    @Test
    void theMarkerReplacingAMergedUserAndTheHoldersSessionListPublishNothing() {
        ItemState marker = ItemState.builder(Kind.MERGED).userId("merged").clientId("app")
                .sessionId("s9").build();

        assertTrue(eventOf(user("merged").build(), marker).isEmpty());
        assertTrue(eventOf(user("holder").subject("x").build(), user("holder").subject("x").build()).isEmpty());
    }

    @Test
    void theReasonsToldApartAreTheCodesTheStoreRecords() {
        // The lifecycle rules may not depend on the user rules: the codes they match are pinned to those recorded.
        assertEquals(Revocation.SIGN_OUT.code(), Transitions.SIGN_OUT);
        assertEquals(Revocation.OPERATOR.code(), Transitions.OPERATOR);
    }

    @Test
    void aSignOutIsTheSessionsEvent() {
        LifecycleEvent own = only(user("u1").build(), user("u1").revokedFor("sign_out").build());
        LifecycleEvent device = only(session("s9", "holder").build(),
                session("s9", "holder").revokedFor("sign_out").build());

        assertEquals(LifecycleEventType.SESSION_SIGNED_OUT, own.type());
        assertEquals("u1", own.sessionId());
        assertEquals(LifecycleEventType.SESSION_SIGNED_OUT, device.type());
        assertEquals("s9", device.sessionId());
        assertEquals("holder", device.userId());
    }

    @Test
    void aReuseRevocationSaysSo() {
        LifecycleEvent event = only(user("u1").build(), user("u1").revokedFor("reuse_detected").build());

        assertEquals(LifecycleEventType.USER_REVOKED, event.type());
        assertEquals("reuse_detected", event.reason());
    }

    @Test
    void anOperatorsRevocationIsOneEventFromTheUsersOwnItem() {
        LifecycleEvent own = only(user("holder").subject("x").build(),
                user("holder").subject("x").revokedFor("operator").build());

        assertEquals(LifecycleEventType.USER_REVOKED, own.type());
        assertEquals("operator", own.reason());
        assertTrue(eventOf(session("s9", "holder").build(), session("s9", "holder").revokedFor("operator").build())
                .isEmpty(), "its further sessions add nothing");
    }

    @Test
    void aRevocationAlreadyRecordedIsNoNewEvent() {
        assertTrue(eventOf(user("u1").revokedFor("operator").build(), user("u1").revokedFor("operator").build())
                .isEmpty());
    }

    @Test
    void aSignedOutUserRevokedByTheOperatorIsRevokedAgain() {
        assertEquals(LifecycleEventType.USER_REVOKED, only(user("u1").revokedFor("sign_out").build(),
                user("u1").revokedFor("operator").build()).type());
    }

    @Test
    void ttlDeletingAUserIsItsExpiry() {
        Change expiry = new Change("event-2", "101", AT, Optional.of(user("u1").build()), Optional.empty(), true);

        assertEquals(LifecycleEventType.USER_EXPIRED, transitions.eventOf(expiry).orElseThrow().type());
    }

    @Test
    void theServiceDeletingAUserIsItsErasure() {
        LifecycleEvent event = only(user("u1").subject("auth0|4711").build(), null);

        assertEquals(LifecycleEventType.USER_ERASED, event.type());
        assertEquals("auth0|4711", event.subject());
    }

    @Test
    void aClaimedUsersFurtherSessionsGoWithItsErasureSilently() {
        assertTrue(eventOf(session("s9", "holder").build(), null).isEmpty());
    }

    @Test
    void refreshesAuthorizationsAndLifetimeWritesAreNoEvents() {
        assertTrue(eventOf(user("u1").build(), user("u1").build()).isEmpty());
    }

    @Test
    void itemsThatAreNoUsersPublishNothing() {
        assertTrue(eventOf(null, ItemState.OTHER).isEmpty());
        assertTrue(eventOf(ItemState.OTHER, ItemState.OTHER).isEmpty());
        assertTrue(transitions.eventOf(new Change("e", "1", AT, Optional.of(ItemState.OTHER), Optional.empty(), true))
                .isEmpty(), "a sign-up counter's or a merge marker's TTL expiry");
        ItemState marker = ItemState.builder(Kind.MERGED).userId("merged").clientId("app").build();
        assertTrue(transitions.eventOf(new Change("e", "1", AT, Optional.of(marker), Optional.empty(), true))
                .isEmpty());
    }
}
