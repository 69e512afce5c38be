package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.number;
import static dev.anonymousaccess.store.AttributeValues.optionalSeconds;
import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.anonymousaccess.jwt.KeySet;
import dev.anonymousaccess.jwt.SigningAlgorithm;
import dev.anonymousaccess.jwt.SigningKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of the key set's item, {@code KEYS#signing}: its version and a list of keys, each its kid, algorithm,
 * public JWK, private half as the KMS ciphertext (binary; never in clear), and schedule (epoch seconds). No TTL.
 */
final class SigningKeysItem {

    static final String PK = "KEYS#signing";
    static final String TYPE = "signing-keys";
    static final String KEYS = "keys";
    static final String VERSION = "version";
    static final String KID = "kid";
    static final String ALGORITHM = "algorithm";
    static final String PUBLIC_JWK = "publicJwk";
    static final String ENCRYPTED_PRIVATE_KEY = "encryptedPrivateKey";
    static final String CREATED_AT = "createdAt";
    static final String SIGNS_FROM = "signsFrom";
    static final String SIGNS_UNTIL = "signsUntil";
    static final String PUBLISHED_UNTIL = "publishedUntil";

    private SigningKeysItem() {
    }

    static Map<String, AttributeValue> key() {
        return Map.of(TableSettings.PK, s(PK));
    }

    static Map<String, AttributeValue> of(KeySet set) {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(TableSettings.TYPE, s(TYPE));
        item.put(VERSION, n(set.version()));
        item.put(KEYS, AttributeValue.fromL(set.keys().stream().map(SigningKeysItem::of).toList()));
        return item;
    }

    private static AttributeValue of(SigningKey key) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(KID, s(key.kid()));
        map.put(ALGORITHM, s(key.algorithm().name()));
        map.put(PUBLIC_JWK, s(key.publicJwk()));
        map.put(ENCRYPTED_PRIVATE_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(key.encryptedPrivateKey())));
        map.put(CREATED_AT, seconds(key.createdAt()));
        map.put(SIGNS_FROM, seconds(key.signsFrom()));
        if (key.signsUntil() != null) {
            map.put(SIGNS_UNTIL, seconds(key.signsUntil()));
        }
        if (key.publishedUntil() != null) {
            map.put(PUBLISHED_UNTIL, seconds(key.publishedUntil()));
        }
        return AttributeValue.fromM(map);
    }

    /** @throws DamagedItemException when an attribute is missing or not what it must be */
    static KeySet read(Map<String, AttributeValue> item) {
        AttributeValue keys = item.get(KEYS);
        if (keys == null || !keys.hasL()) {
            throw new DamagedItemException(KEYS);
        }
        List<SigningKey> read = new ArrayList<>();
        for (AttributeValue value : keys.l()) {
            if (!value.hasM()) {
                throw new DamagedItemException(KEYS);
            }
            read.add(key(value.m()));
        }
        return new KeySet(read, number(item, VERSION));
    }

    private static SigningKey key(Map<String, AttributeValue> map) {
        AttributeValue encrypted = map.get(ENCRYPTED_PRIVATE_KEY);
        if (encrypted == null || encrypted.b() == null) {
            throw new DamagedItemException(ENCRYPTED_PRIVATE_KEY);
        }
        SigningAlgorithm algorithm;
        try {
            algorithm = SigningAlgorithm.valueOf(string(map, ALGORITHM));
        } catch (IllegalArgumentException e) {
            throw new DamagedItemException(ALGORITHM);
        }
        return new SigningKey(string(map, KID), algorithm, string(map, PUBLIC_JWK), encrypted.b().asByteArray(),
                seconds(map, CREATED_AT), seconds(map, SIGNS_FROM), optionalSeconds(map, SIGNS_UNTIL),
                optionalSeconds(map, PUBLISHED_UNTIL));
    }
}
