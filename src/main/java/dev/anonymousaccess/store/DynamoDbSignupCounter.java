package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.seconds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.signup.SignupCounter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sign-up counters, one item per client app, source and window ({@code SIGNUPS#<key>}), deleted by TTL after their
 * window. The item holds the ids of the sign-ups it counted (a string set), so counting is one conditional UpdateItem
 * that is idempotent: adding an id already there changes nothing, and the condition lets that very sign-up pass.
 */
@ApplicationScoped
public class DynamoDbSignupCounter implements SignupCounter {

    static final String SIGNUPS_PREFIX = "SIGNUPS#";
    static final String SIGNUP_IDS = "signupIds";

    private final Table table;

    DynamoDbSignupCounter(Table table) {
        this.table = table;
    }

    @Override
    public boolean countOnce(String key, String signupId, int limit, Instant expiresAt) {
        return table.conditionHeld("UpdateItem", dynamo -> dynamo.updateItem(b -> b.tableName(table.name())
                .key(Map.of(TableSettings.PK, AttributeValue.fromS(SIGNUPS_PREFIX + key)))
                .updateExpression("ADD #ids :id SET #ttl = :ttl, #type = :type")
                .conditionExpression("attribute_not_exists(#ids) OR size(#ids) < :limit OR contains(#ids, :one)")
                .expressionAttributeNames(Map.of("#ids", SIGNUP_IDS, "#ttl", TableSettings.TTL,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(signupId)),
                        ":one", AttributeValue.fromS(signupId), ":limit", n(limit), ":ttl", seconds(expiresAt),
                        ":type", AttributeValue.fromS("signups")))));
    }
}
