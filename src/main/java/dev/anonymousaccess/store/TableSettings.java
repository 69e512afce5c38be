package dev.anonymousaccess.store;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.config.AnonymousAccessConfig;

/**
 * The table layout: one table, one string partition key {@code pk}, and {@code ttl} (epoch seconds) as its TTL
 * attribute. Users are {@code USER#<userId>} (with TTL), client apps {@code CLIENT#<clientId>} and the preflight
 * index {@code ORIGIN#<allowed origin>} (without).
 */
@ApplicationScoped
public class TableSettings {

    public static final String PK = "pk";
    public static final String TTL = "ttl";
    public static final String TYPE = "type";

    private final String tableName;

    TableSettings(AnonymousAccessConfig config) {
        this.tableName = config.tableName();
    }

    public String tableName() {
        return tableName;
    }
}
