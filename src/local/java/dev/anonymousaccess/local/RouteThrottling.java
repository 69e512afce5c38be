package dev.anonymousaccess.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * API Gateway's throttling of a stage's routes: one token bucket per route, holding the route's burst and refilled
 * at its rate, shared by every caller; a request that finds it empty is answered {@code 429} before the authorizer
 * or the function is asked. A rate or burst of 0 refuses every request, as on AWS.
 */
final class RouteThrottling {

    private final SamTemplate.Throttling throttling;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RouteThrottling(SamTemplate.Throttling throttling, Clock clock) {
        this.throttling = throttling;
        this.time = new ClockTime(clock);
    }

    /** Whether {@code route} takes one more request now (and counts it). */
    boolean admits(SamTemplate.Route route) {
        return throttling.of(route.key()).map(limit -> limit.ratePerSecond() > 0 && limit.burst() > 0
                && buckets.computeIfAbsent(route.key(), key -> bucket(limit)).tryConsume(1)).orElse(true);
    }

    private Bucket bucket(SamTemplate.Limit limit) {
        Duration perToken = Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / limit.ratePerSecond())));
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(1, perToken).build())
                .withCustomTimePrecision(time).build();
    }

    /** The local API's clock, which the tests move. */
    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
