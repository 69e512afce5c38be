package dev.anonymousaccess.aws;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * How the service's own SDK clients (KMS, EventBridge; DynamoDB's is Quarkus's) are built: the URL-connection HTTP
 * client, as DynamoDB's, and the credentials and region as Lambda sets them (the environment; system properties in the
 * tests), not the default chains, whose profile-file and instance-metadata probes cost a cold start milliseconds.
 */
public final class ServiceClients {

    private ServiceClients() {
    }

    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(B builder,
            Optional<URI> endpointOverride) {
        builder.httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create()))
                .region(new SystemSettingsRegionProvider().getRegion());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder;
    }
}
