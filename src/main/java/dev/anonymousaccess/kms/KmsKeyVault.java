package dev.anonymousaccess.kms;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.aws.ServiceClients;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.jwt.PrivateKeyVault;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The signing keys' private halves, encrypted and decrypted by the deployment's KMS key (Encrypt when a key is
 * generated, Decrypt once per key and function instance): never stored, logged or answered in clear. A KMS call per
 * signature would meet KMS's shared per-account request quota at scale; one per instance does not.
 */
@ApplicationScoped
public class KmsKeyVault implements PrivateKeyVault {

    private final AnonymousAccessConfig.Jwt config;
    /** A function that never signs never opens a KMS client. */
    private final Supplier<KmsClient> kms;

    KmsKeyVault(AnonymousAccessConfig config) {
        this.config = config.jwt();
        this.kms = ServiceClients.onFirstUse(
                () -> ServiceClients.configured(KmsClient.builder(), this.config.kmsEndpointOverride()).build());
    }

    private String keyId() {
        return config.kmsKeyId().orElseThrow(() -> new IllegalStateException("no KMS key for signing keys"));
    }

    @Override
    public byte[] encrypt(byte[] privateKey) {
        try {
            return kms.get().encrypt(b -> b.keyId(keyId()).plaintext(SdkBytes.fromByteArray(privateKey)))
                    .ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw new StoreUnavailableException("KMS", "Encrypt", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] encrypted) {
        try {
            return kms.get().decrypt(b -> b.keyId(keyId()).ciphertextBlob(SdkBytes.fromByteArray(encrypted)))
                    .plaintext().asByteArray();
        } catch (SdkException e) {
            throw new StoreUnavailableException("KMS", "Decrypt", e);
        }
    }
}
