package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.bool;
import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.number;
import static dev.anonymousaccess.store.AttributeValues.optionalString;
import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;

import java.util.HashMap;
import java.util.Map;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientCredentials;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.client.ClientSettingsJson;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of a client app's item, {@code CLIENT#<clientId>}: its id, name, enabled flag, the settings its operator
 * set (one attribute, their JSON), its backend's credentials (hashes only), times and version. No TTL.
 */
final class ClientItem {

    static final String PREFIX = "CLIENT#";
    static final String TYPE = "client";
    static final String CLIENT_ID = "clientId";
    static final String NAME = "name";
    static final String ENABLED = "enabled";
    static final String SETTINGS = "settings";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";
    static final String SECRET_HASH = "secretHash";
    static final String SECRET_ISSUED_AT = "secretIssuedAt";
    static final String PREVIOUS_SECRET_HASH = "previousSecretHash";
    static final String PREVIOUS_SECRET_VALID_UNTIL = "previousSecretValidUntil";

    private ClientItem() {
    }

    static Map<String, AttributeValue> key(String clientId) {
        return Map.of(TableSettings.PK, s(PREFIX + clientId));
    }

    static Map<String, AttributeValue> of(ClientApp app) {
        Map<String, AttributeValue> item = new HashMap<>(key(app.clientId()));
        item.put(TableSettings.TYPE, s(TYPE));
        item.put(CLIENT_ID, s(app.clientId()));
        item.put(NAME, s(app.name()));
        item.put(ENABLED, bool(app.enabled()));
        item.put(SETTINGS, s(ClientSettingsJson.write(app.settings())));
        ClientCredentials credentials = app.credentials();
        if (credentials != null) {
            item.put(SECRET_HASH, s(credentials.secretHash()));
            item.put(SECRET_ISSUED_AT, seconds(credentials.issuedAt()));
            if (credentials.previousSecretHash() != null) {
                item.put(PREVIOUS_SECRET_HASH, s(credentials.previousSecretHash()));
                item.put(PREVIOUS_SECRET_VALID_UNTIL, seconds(credentials.previousValidUntil()));
            }
        }
        item.put(CREATED_AT, seconds(app.createdAt()));
        item.put(UPDATED_AT, seconds(app.updatedAt()));
        item.put(VERSION, n(app.version()));
        return item;
    }

    /** @throws DamagedItemException when an attribute is missing or not what it must be */
    static ClientApp read(Map<String, AttributeValue> item) {
        return ClientApp.builder().clientId(string(item, CLIENT_ID)).name(string(item, NAME))
                .enabled(bool(item, ENABLED)).settings(settings(item)).credentials(credentials(item))
                .createdAt(seconds(item, CREATED_AT)).updatedAt(seconds(item, UPDATED_AT))
                .version(number(item, VERSION)).build();
    }

    private static ClientSettings settings(Map<String, AttributeValue> item) {
        try {
            return ClientSettingsJson.readStored(string(item, SETTINGS));
        } catch (IllegalArgumentException e) {
            throw new DamagedItemException(SETTINGS);
        }
    }

    private static ClientCredentials credentials(Map<String, AttributeValue> item) {
        if (!item.containsKey(SECRET_HASH)) {
            return null;
        }
        return new ClientCredentials(string(item, SECRET_HASH), seconds(item, SECRET_ISSUED_AT),
                optionalString(item, PREVIOUS_SECRET_HASH), AttributeValues.optionalSeconds(item,
                        PREVIOUS_SECRET_VALID_UNTIL));
    }
}
