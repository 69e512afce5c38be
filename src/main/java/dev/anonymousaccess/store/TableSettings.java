package dev.anonymousaccess.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.anonymousaccess.config.AnonymousAccessConfig;

/**
 * The table layout: one table, one string partition key {@code pk}, and {@code ttl} (epoch seconds) as its TTL
 * attribute, {@code type} naming each item's layout: users and their sessions ({@link SessionItem}, merge markers
 * {@link MergeMarkerItem}), subject holds ({@link SubjectHoldItem}), client apps ({@link ClientItem}), the preflight
 * index ({@code ORIGIN#<allowed origin>}) and sign-up counters ({@code SIGNUPS#...}).
 */
@ApplicationScoped
public class TableSettings {

    public static final String PK = "pk";
    public static final String TTL = "ttl";
    public static final String TYPE = "type";

    private final String tableName;

    @Inject
    TableSettings(AnonymousAccessConfig config) {
        this(config.tableName());
    }

    TableSettings(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}
