package dev.anonymousaccess.local;

import java.util.List;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.store.TableCreation;
import dev.anonymousaccess.store.TableSettings;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Dev mode only ({@code ./run-local.sh}): creates the table in the local moto_server and registers the demo client
 * app, so a fresh machine can create a token at once. Not part of packaged builds.
 */
@IfBuildProfile("dev")
public class LocalSetup {

    private static final Logger LOG = Logger.getLogger(LocalSetup.class);
    static final String DEMO_CLIENT = "demo-app";

    void onStart(@Observes StartupEvent start, DynamoDbClient dynamo, TableSettings table, ClientRegistry clients) {
        TableCreation.createIfMissing(dynamo, table.tableName());
        clients.put(new ClientDefinition(DEMO_CLIENT, "Demo App",
                List.of("http://localhost:3000", "https://*.example.com"), true));
        LOG.infof("local table %s ready, client app %s registered", table.tableName(), DEMO_CLIENT);
    }
}
