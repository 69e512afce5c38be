package dev.anonymousaccess.testing;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.anonymousaccess.signup.SignupCounter;

/** Sign-up counters in memory, with the DynamoDB counter's condition (full unless this very sign-up is in it). */
public final class InMemorySignupCounter implements SignupCounter {

    private final Map<String, Set<String>> counters = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean countOnce(String key, String signupId, int limit, Instant expiresAt) {
        Set<String> counted = counters.computeIfAbsent(key, k -> new HashSet<>());
        if (counted.size() >= limit && !counted.contains(signupId)) {
            return false;
        }
        counted.add(signupId);
        return true;
    }
}
