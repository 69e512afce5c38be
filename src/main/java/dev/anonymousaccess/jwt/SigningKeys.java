package dev.anonymousaccess.jwt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.retry.OptimisticRetry;

/**
 * The key set as this instance knows it: read at most once per {@link #SET_TTL} (and once more, at most every
 * {@link #REREAD_PAUSE}, when a token names a key this instance has not seen), private halves decrypted once per key
 * and instance, in memory only. Rotation (the admin action, on schedule) generates the next key here.
 */
@ApplicationScoped
public class SigningKeys {

    /** How long an instance relies on the key set it read: keys are published long before they sign. */
    static final Duration SET_TTL = Duration.ofMinutes(5);
    /** At most one extra read per this pause for keys this instance has not seen (made-up kids cost nothing more). */
    static final Duration REREAD_PAUSE = Duration.ofSeconds(10);
    static final int ROTATION_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    /** The keys' part of the deployment's configuration. */
    public record Policy(SigningAlgorithm algorithm, KeyRotation rotation) {
    }

    private final SigningKeyRepository store;
    private final PrivateKeyVault vault;
    private final Clock clock;
    private final Policy policy;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private final Map<String, JWK> publicKeys = new ConcurrentHashMap<>();
    private volatile KeySet known;
    private volatile Instant readAt = Instant.MIN;

    public SigningKeys(SigningKeyRepository store, PrivateKeyVault vault, Clock clock, Policy policy) {
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.policy = policy;
    }

    /** The key set, as read at most {@link #SET_TTL} ago. */
    public KeySet current() {
        Instant now = clock.instant();
        KeySet set = known;
        if (set == null || !now.isBefore(readAt.plus(SET_TTL))) {
            set = reread(now);
        }
        return set;
    }

    private KeySet reread(Instant now) {
        KeySet set = store.read();
        known = set;
        readAt = now;
        return set;
    }

    /** The key that signs now, with its private half. */
    public Signer signer() {
        Instant now = clock.instant();
        SigningKey key = current().signerAt(now).orElseGet(() -> reread(now).signerAt(now)
                .orElseThrow(() -> new StoreUnavailableException("signing keys", "signing", new IllegalStateException(
                        "no key signs yet: the admin action rotateSigningKeys publishes one"))));
        return new Signer(key, privateKeys.computeIfAbsent(key.kid(), kid -> privateKey(key)));
    }

    /** A key and its private half, to sign with. */
    public record Signer(SigningKey key, PrivateKey privateKey) {

        @Override
        public String toString() {
            return "Signer[" + key.kid() + "]";
        }
    }

    /**
     * The public key {@code kid} if it is published now: from what this instance read, or from the store when the
     * kid is new to it (not more often than every {@link #REREAD_PAUSE}).
     */
    public Optional<JWK> publicKey(String kid) {
        Instant now = clock.instant();
        Optional<SigningKey> key = current().published(kid, now);
        if (key.isEmpty() && !now.isBefore(readAt.plus(REREAD_PAUSE))) {
            key = reread(now).published(kid, now);
        }
        return key.map(found -> publicKeys.computeIfAbsent(found.kid(), kid2 -> parse(found)));
    }

    /**
     * Publishes a new key (the admin action, and its schedule): it signs {@code publicationLead} later, or at once
     * when {@code immediately} and no key exists yet.
     *
     * @return the key set after the rotation; as it was when a rotation is under way already
     * @throws OAuthException {@code invalid_request} when {@code immediately} is asked for a set that has keys
     */
    public KeySet rotate(boolean immediately, InvocationRecorder recorder) {
        return OptimisticRetry.decide(ROTATION_ATTEMPTS, "the key rotation", recorder, () -> {
            Instant now = clock.instant();
            KeySet current = store.read();
            if (current.pendingAt(now).isPresent()) {
                return Optional.of(current);
            }
            Optional<KeySet> next;
            try {
                next = policy.rotation().rotated(current, generate(now), now, immediately);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest("immediately is only for a deployment without keys: a verifier may"
                        + " hold the published set, and must see a new key before it signs");
            }
            if (next.isEmpty()) {
                return Optional.of(current);
            }
            if (!store.save(next.get(), current.version())) {
                return Optional.empty();
            }
            LOG.infof("signing key %s published; it signs from %s", next.get().keys().get(next.get().keys().size() - 1)
                    .kid(), next.get().keys().get(next.get().keys().size() - 1).signsFrom());
            known = next.get();
            readAt = now;
            return next;
        });
    }

    private SigningKey generate(Instant now) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        try {
            JWK pair = switch (policy.algorithm()) {
                case RS256 -> new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.ES256).generate();
            };
            byte[] privateHalf = pair instanceof RSAKey rsa ? rsa.toRSAPrivateKey().getEncoded()
                    : ((ECKey) pair).toECPrivateKey().getEncoded();
            return new SigningKey(kid, policy.algorithm(), pair.toPublicJWK().toJSONString(), vault.encrypt(privateHalf),
                    now, now, null, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK generates RSA and EC keys", e);
        }
    }

    private PrivateKey privateKey(SigningKey key) {
        byte[] pkcs8 = vault.decrypt(key.encryptedPrivateKey());
        try {
            return KeyFactory.getInstance(key.algorithm() == SigningAlgorithm.RS256 ? "RSA" : "EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + key.kid() + " does not decrypt to a private key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static JWK parse(SigningKey key) {
        try {
            return JWK.parse(key.publicJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + key.kid() + " has no readable public half");
        }
    }
}
