package dev.anonymousaccess.store;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.jwt.SigningKeyRepository;
import dev.anonymousaccess.observability.StoreCalls;
import dev.anonymousaccess.signup.SignupCounter;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.RepositoryContract;
import dev.anonymousaccess.user.UserRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract against the DynamoDB stores, on moto_server (or {@code DYNAMODB_ENDPOINT}). */
class DynamoDbRepositoryContractTest extends RepositoryContract {

    static MotoServer moto;
    static DynamoDbClient dynamo;
    static TableSettings table;
    static DynamoDbUserStore users;
    static DynamoDbClientStore clients;
    static DynamoDbSignupCounter signups;
    static DynamoDbSigningKeyStore signingKeys;

    @BeforeAll
    static void start() {
        moto = new MotoServer();
        Map<String, String> store = moto.start();
        dynamo = MotoServer.applicationClient(store);
        table = new TableSettings(store.get("anonymous-access.table-name"));
        users = new DynamoDbUserStore(dynamo, table, new StoreCalls());
        clients = new DynamoDbClientStore(dynamo, table, new StoreCalls());
        signups = new DynamoDbSignupCounter(dynamo, table, new StoreCalls());
        signingKeys = new DynamoDbSigningKeyStore(dynamo, table, new StoreCalls());
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
    protected UserRepository users() {
        return users;
    }

    @Override
    protected ClientRepository clients() {
        return clients;
    }

    @Override
    protected SignupCounter signups() {
        return signups;
    }

    @Override
    protected SigningKeyRepository signingKeys() {
        return signingKeys;
    }
}
