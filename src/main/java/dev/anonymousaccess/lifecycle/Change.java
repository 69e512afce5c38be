package dev.anonymousaccess.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * What one stream record says happened to one item: its state before and after (absent when the item was created or
 * deleted), when, and whether DynamoDB's TTL did it.
 *
 * @param eventId the stream record's id, unique per record and the same when a batch is delivered again: the
 *        idempotency key of the event it makes
 * @param sequenceNumber its position in its shard (what a failed record is reported by)
 * @param at when the change was made (the stream's approximate creation time)
 * @param byTtl a deletion by DynamoDB's TTL (the record's service identity), not by this service
 */
public record Change(String eventId, String sequenceNumber, Instant at, Optional<ItemState> before,
        Optional<ItemState> after, boolean byTtl) {
}
