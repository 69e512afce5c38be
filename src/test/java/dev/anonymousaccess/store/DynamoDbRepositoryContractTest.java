package dev.anonymousaccess.store;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.anonymousaccess.observability.StoreCalls;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.RepositoryContract;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract against the DynamoDB stores, on moto_server (or {@code DYNAMODB_ENDPOINT}). */
class DynamoDbRepositoryContractTest extends RepositoryContract {

    static MotoServer moto;
    static DynamoDbClient dynamo;
    static TableSettings table;
    static Stores stores;

    @BeforeAll
    static void start() {
        moto = new MotoServer();
        Map<String, String> store = moto.start();
        dynamo = MotoServer.applicationClient(store);
        table = new TableSettings(store.get("anonymous-access.table-name"));
        Table calls = new Table(dynamo, table, new StoreCalls());
        stores = new Stores(new DynamoDbUserStore(calls), new DynamoDbClientStore(calls),
                new DynamoDbSignupCounter(calls), new DynamoDbSigningKeyStore(calls));
    }

    /** The key set is one item per table: each test starts without it. */
    @BeforeEach
    void withoutSigningKeys() {
        dynamo.deleteItem(b -> b.tableName(table.tableName()).key(SigningKeysItem.key()));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        moto.stop();
    }

    @Override
    protected Stores stores() {
        return stores;
    }
}
