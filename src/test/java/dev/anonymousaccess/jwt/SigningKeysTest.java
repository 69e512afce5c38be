package dev.anonymousaccess.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;
import dev.anonymousaccess.testing.PooledKeyPairs;

/** The key set as an instance knows it: how often it reads, what it decrypts, how it rotates. */
class SigningKeysTest {

    final Domain domain = new Domain();

    KeySet firstKey() {
        return domain.signingKeys.rotate(true, InvocationRecorder.NONE);
    }

    @Test
    void nothingSignsBeforeTheFirstKeyIsPublished() {
        assertThrows(StoreUnavailableException.class, () -> domain.signingKeys.signer());
    }

    @Test
    void theKeySetIsReadOncePerFiveMinutes() {
        firstKey();
        SigningKeys another = anotherInstance();
        another.signer();
        int reads = domain.signingKeyStore.reads();

        domain.clock.advance(SigningKeys.SET_TTL.minusSeconds(1));
        another.signer();
        assertEquals(reads, domain.signingKeyStore.reads());

        domain.clock.advance(Duration.ofSeconds(1));
        another.signer();
        assertEquals(reads + 1, domain.signingKeyStore.reads());
    }

    @Test
    void thePrivateHalfIsDecryptedOncePerKeyAndInstance() {
        firstKey();
        for (int i = 0; i < 100; i++) {
            domain.signingKeys.signer();
        }

        assertEquals(1, domain.signingKeyStore.decryptions());
    }

    @Test
    void aPreparedSignerIsReadAndDecryptedOnce() {
        firstKey();
        SigningKeys another = anotherInstance();
        int reads = domain.signingKeyStore.reads();

        another.prepare();
        another.prepare();
        SigningKeys.Signer signer = another.signer();

        assertEquals(1, domain.signingKeyStore.decryptions());
        assertEquals(reads + 1, domain.signingKeyStore.reads());
        assertEquals(signer.key().kid(), another.signer().key().kid());
    }

    @Test
    void aPreparationThatFailedIsTriedAgainByTheSignerWhichAnswersForIt() {
        SigningKeys another = anotherInstance();
        another.prepare();

        assertThrows(StoreUnavailableException.class, another::signer, "no key yet");
        domain.clock.advance(SigningKeys.REREAD_PAUSE);
        firstKey();
        domain.clock.advance(SigningKeys.SET_TTL);
        assertEquals(domain.signingKeyStore.read().keys().get(0).kid(), another.signer().key().kid());
    }

    @Test
    void anAnticipatedReadIsTheOnlyReadBeforeTheFirstSignature() {
        firstKey();
        SigningKeys another = anotherInstance();
        int reads = domain.signingKeyStore.reads();

        another.anticipate();
        another.anticipate();
        another.prepare();
        another.signer();

        assertEquals(reads + 1, domain.signingKeyStore.reads());
    }

    @Test
    void anInstanceThatHasReadTheSetAnticipatesNothing() {
        firstKey();
        SigningKeys another = anotherInstance();
        another.signer();
        int reads = domain.signingKeyStore.reads();

        another.anticipate();

        assertEquals(reads, domain.signingKeyStore.reads());
    }

    @Test
    void anAnticipatedReadThatFailedIsReadAgainWhenAKeyIsNeeded() {
        firstKey();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        SigningKeyRepository failingOnce = new SigningKeyRepository() {
            @Override
            public KeySet read() {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new StoreUnavailableException("DynamoDB", "GetItem", new IllegalStateException("injected"));
                }
                return domain.signingKeyStore.read();
            }

            @Override
            public boolean save(KeySet next, long expectedVersion) {
                return domain.signingKeyStore.save(next, expectedVersion);
            }
        };
        SigningKeys another = new SigningKeys(failingOnce, domain.signingKeyStore, domain.clock, POLICY,
                PooledKeyPairs.INSTANCE);

        another.anticipate();

        assertEquals(domain.signingKeyStore.read().keys().get(0).kid(), another.signer().key().kid());
    }

    @Test
    void anInstanceThatKnowsNoKeyLooksUpTheDeploymentsFirstKey() {
        SigningKeys another = anotherInstance();
        assertThrows(StoreUnavailableException.class, another::signer);
        domain.clock.advance(SigningKeys.REREAD_PAUSE);
        String kid = firstKey().keys().get(0).kid();

        assertTrue(another.publicKey(kid).isPresent());
    }

    @Test
    void anInstanceThatKnowsNoKeyRereadsAtMostOncePerPause() {
        SigningKeys another = anotherInstance();
        another.current();
        int reads = domain.signingKeyStore.reads();

        for (int i = 0; i < 1000; i++) {
            assertTrue(another.publicKey("made-up-" + i).isEmpty());
        }
        assertEquals(reads, domain.signingKeyStore.reads(), "within the pause after a read, none");
        domain.clock.advance(SigningKeys.REREAD_PAUSE);
        for (int i = 0; i < 1000; i++) {
            another.publicKey("made-up-" + i);
        }
        assertEquals(reads + 1, domain.signingKeyStore.reads());
    }

    @Test
    void madeUpKidsCostNoReadOnceTheInstanceKnowsTheKeys() {
        firstKey();
        SigningKeys another = anotherInstance();
        another.current();
        int reads = domain.signingKeyStore.reads();

        for (int i = 0; i < 100; i++) {
            domain.clock.advance(SigningKeys.REREAD_PAUSE);
            assertTrue(another.publicKey("made-up-" + i).isEmpty());
        }
        assertEquals(reads + 3, domain.signingKeyStore.reads(), "only the set's own reads, once per five minutes");
    }

    @Test
    void aRotationPublishesANewKeyThatSignsAfterTheLead() {
        String first = firstKey().keys().get(0).kid();
        domain.clock.advance(Duration.ofDays(1));

        KeySet rotated = domain.signingKeys.rotate(false, InvocationRecorder.NONE);
        String second = rotated.keys().get(1).kid();

        assertNotEquals(first, second);
        assertTrue(domain.signingKeys.publicKey(second).isPresent(), "published at once");
        assertEquals(first, domain.signingKeys.signer().key().kid());
        domain.clock.advance(Domain.KEY_PUBLICATION_LEAD);
        domain.clock.advance(SigningKeys.SET_TTL);
        assertEquals(second, domain.signingKeys.signer().key().kid());
    }

    @Test
    void aRepeatedRotationChangesNothing() {
        firstKey();
        domain.clock.advance(Duration.ofDays(1));
        KeySet rotated = domain.signingKeys.rotate(false, InvocationRecorder.NONE);

        assertEquals(rotated, domain.signingKeys.rotate(false, InvocationRecorder.NONE));
        assertEquals(rotated, domain.signingKeyStore.read());
    }

    @Test
    void aKeyThatSignsAtOnceIsOnlyForADeploymentWithoutKeys() {
        firstKey();

        OAuthException refused = assertThrows(OAuthException.class,
                () -> domain.signingKeys.rotate(true, InvocationRecorder.NONE));
        assertEquals("invalid_request", refused.error().code());
    }

    @Test
    void thePrivateHalfIsStoredOnlyEncrypted() {
        KeySet set = firstKey();
        SigningKeys.Signer signer = domain.signingKeys.signer();
        byte[] stored = set.keys().get(0).encryptedPrivateKey();
        byte[] clear = signer.privateKey().getEncoded();

        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(
                new String(clear, 40, 32, StandardCharsets.ISO_8859_1)), "no run of the private key in clear");
        assertFalse(set.keys().get(0).publicJwk().contains("\"d\""), "the published JWK has no private exponent");
    }

    @Test
    void anEs256DeploymentSignsWithP256Keys() {
        SigningKeys es256 = new SigningKeys(domain.signingKeyStore, domain.signingKeyStore, domain.clock,
                new SigningKeys.Policy(SigningAlgorithm.ES256, new KeyRotation(Domain.KEY_PUBLICATION_LEAD,
                        Duration.ofHours(24), Duration.ofMinutes(5))), PooledKeyPairs.INSTANCE);
        es256.rotate(true, InvocationRecorder.NONE);

        assertEquals("EC", es256.signer().privateKey().getAlgorithm());
        assertTrue(es256.current().keys().get(0).publicJwk().contains("\"crv\":\"P-256\""));
    }

    static final SigningKeys.Policy POLICY = new SigningKeys.Policy(SigningAlgorithm.RS256,
            new KeyRotation(Domain.KEY_PUBLICATION_LEAD, Duration.ofHours(24), Duration.ofMinutes(5)));

    SigningKeys anotherInstance() {
        return new SigningKeys(domain.signingKeyStore, domain.signingKeyStore, domain.clock, POLICY,
                PooledKeyPairs.INSTANCE);
    }
}
