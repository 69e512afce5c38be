package dev.anonymousaccess.store;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.anonymousaccess.client.ClientRepository;
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
    static DynamoDbUserStore users;
    static DynamoDbClientStore clients;
    static DynamoDbSignupCounter signups;

    @BeforeAll
    static void start() {
        moto = new MotoServer();
        Map<String, String> store = moto.start();
        dynamo = MotoServer.applicationClient(store);
        TableSettings table = new TableSettings(store.get("anonymous-access.table-name"));
        users = new DynamoDbUserStore(dynamo, table, new StoreCalls());
        clients = new DynamoDbClientStore(dynamo, table, new StoreCalls());
        signups = new DynamoDbSignupCounter(dynamo, table, new StoreCalls());
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
}
