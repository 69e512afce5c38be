package dev.anonymousaccess.testing;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.anonymousaccess.jwt.KeySet;
import dev.anonymousaccess.jwt.PrivateKeyVault;
import dev.anonymousaccess.jwt.SigningKeyRepository;

/**
 * The key set in memory, with the store's condition (the version read), and a vault that encrypts as KMS does for
 * the service (AES-GCM under a key it never shows): what the fast tests sign with. {@code RepositoryContract} runs the
 * key set's cases against this and DynamoDB.
 */
public final class InMemorySigningKeys implements SigningKeyRepository, PrivateKeyVault {

    private final SecureRandom random = new SecureRandom();
    private final SecretKey vaultKey;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger decryptions = new AtomicInteger();
    private KeySet stored = KeySet.EMPTY;

    /** How often the key set was read. */
    public int reads() {
        return reads.get();
    }

    /** How often a private half was decrypted. */
    public int decryptions() {
        return decryptions.get();
    }

    public InMemorySigningKeys() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            vaultKey = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized KeySet read() {
        reads.incrementAndGet();
        return stored;
    }

    @Override
    public synchronized boolean save(KeySet next, long expectedVersion) {
        if (stored.version() != expectedVersion) {
            return stored.equals(next);
        }
        stored = next;
        return true;
    }

    @Override
    public byte[] encrypt(byte[] privateKey) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, iv, privateKey);
        byte[] out = Arrays.copyOf(iv, iv.length + sealed.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] encrypted) {
        decryptions.incrementAndGet();
        return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(encrypted, 12), Arrays.copyOfRange(encrypted, 12,
                encrypted.length));
    }

    private byte[] cipher(int mode, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, vaultKey, new GCMParameterSpec(128, iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
