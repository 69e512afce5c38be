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
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
 * The key set as this instance knows it: read at most once per {@link #SET_TTL} (and, while it knows no key, at most
 * every {@link #REREAD_PAUSE} when a token names one), private halves decrypted once per key and instance, in memory
 * only. Rotation (the admin action, on schedule) generates the next key here.
 */
@ApplicationScoped
public class SigningKeys {

    /** How long an instance relies on the key set it read: keys are published long before they sign. */
    static final Duration SET_TTL = Duration.ofMinutes(5);
    /** While an instance knows no key: at most one extra read per this pause for a kid it has not seen. */
    static final Duration REREAD_PAUSE = Duration.ofSeconds(10);
    static final int ROTATION_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    /** The keys' part of the deployment's configuration. */
    public record Policy(SigningAlgorithm algorithm, KeyRotation rotation) {
    }

    /** Where a new key's pair comes from. */
    @FunctionalInterface
    public interface KeyPairs {

        /** A new pair for {@code algorithm} (RSA 2048 for RS256, P-256 for ES256), its JWK named {@code kid}. */
        JWK generate(SigningAlgorithm algorithm, String kid) throws JOSEException;
    }

    /** Pairs generated afresh from the JDK's {@code SecureRandom}. */
    public static final KeyPairs GENERATED = (algorithm, kid) -> switch (algorithm) {
        case RS256 -> new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
        case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
    };

    private final SigningKeyRepository store;
    private final PrivateKeyVault vault;
    private final Clock clock;
    private final Policy policy;
    private final KeyPairs pairs;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private final Map<String, JWK> publicKeys = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Signer>> preparation = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<KeySet>> firstRead = new AtomicReference<>();
    private volatile KeySet known;
    private volatile Instant readAt = Instant.MIN;

    /** @param pairs where new keys come from: {@link #GENERATED} in the service */
    @Inject
    public SigningKeys(SigningKeyRepository store, PrivateKeyVault vault, Clock clock, Policy policy, KeyPairs pairs) {
        this.store = store;
        this.vault = vault;
        this.clock = clock;
        this.policy = policy;
        this.pairs = pairs;
    }

    /** The key set as stored now (strongly consistent): what an operator is shown. */
    public KeySet stored() {
        return store.read();
    }

    /** The key set, as read at most {@link #SET_TTL} ago. */
    public KeySet current() {
        Instant now = clock.instant();
        KeySet set = known != null ? known : anticipated();
        if (set == null || !now.isBefore(readAt.plus(SET_TTL))) {
            set = reread(now);
        }
        return set;
    }

    /**
     * A cold instance's first read of the key set, started in the background before the caller knows whether it will
     * sign (a sign-up or a refresh arrived; its client app is read next): a JWT app's first token then does not wait
     * for this read after its own. One read at most; nothing once the instance has read the set.
     */
    public void anticipate() {
        if (known != null || firstRead.get() != null) {
            return;
        }
        CompletableFuture<KeySet> started = new CompletableFuture<>();
        if (firstRead.compareAndSet(null, started)) {
            Instant at = clock.instant();
            inBackground("signing-key-set", started, () -> {
                KeySet set = store.read();
                if (known == null) {
                    readAt = at;
                    known = set;
                }
                return set;
            });
        }
    }

    /** The anticipated first read, waited for; none when there was none or it failed (then read again). */
    private KeySet anticipated() {
        CompletableFuture<KeySet> pending = firstRead.get();
        if (pending == null) {
            return null;
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            return null;
        }
    }

    private static <T> void inBackground(String name, CompletableFuture<T> result, Supplier<T> work) {
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private KeySet reread(Instant now) {
        KeySet set = store.read();
        known = set;
        readAt = now;
        return set;
    }

    /**
     * Starts making the signer ready (the key set read, the private half decrypted) on a thread of its own, so that a
     * function instance's first signature does not wait for both after the caller's own reads and writes: the caller
     * goes on, and {@link #signer()} then waits for this rather than repeating it. Does nothing once ready.
     */
    public void prepare() {
        if (!privateKeys.isEmpty() || preparation.get() != null) {
            return;
        }
        CompletableFuture<Signer> started = new CompletableFuture<>();
        if (preparation.compareAndSet(null, started)) {
            inBackground("signing-key", started, this::signerNow);
        }
    }

    /** The key that signs now, with its private half. */
    public Signer signer() {
        CompletableFuture<Signer> pending = preparation.get();
        if (pending != null) {
            try {
                pending.join();
            } catch (CompletionException e) {
                // Tried again below, where the failure is this caller's to answer for.
            }
            preparation.compareAndSet(pending, null);
        }
        return signerNow();
    }

    private Signer signerNow() {
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
     * The public key {@code kid} if it is published now, from what this instance read. A key is published
     * {@code publicationLead} before it signs and this instance reads the set every {@link #SET_TTL}, so a kid it does
     * not know is no key of this service's, and is refused without a read (a forged token costs nothing). The one
     * exception is a deployment's first key, which signs as soon as it is published: while this instance knows no key
     * at all, it reads the set again, at most every {@link #REREAD_PAUSE}.
     */
    public Optional<JWK> publicKey(String kid) {
        Instant now = clock.instant();
        KeySet set = current();
        Optional<SigningKey> key = set.published(kid, now);
        if (key.isEmpty() && set.publishedAt(now).isEmpty() && !now.isBefore(readAt.plus(REREAD_PAUSE))) {
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
            // Whole seconds, as the store keeps them: a retried save then finds exactly the set it wrote.
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
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

    /**
     * The first key of a deployment, signing at once, unless the deployment has keys already (the admin action that
     * registers the first {@code jwt} app calls it, so that such an app never meets a deployment without a key).
     *
     * @return the key set, with the new key or as it was
     */
    public KeySet publishFirstKey(InvocationRecorder recorder) {
        KeySet stored = store.read();
        if (!stored.keys().isEmpty()) {
            return stored;
        }
        try {
            return rotate(true, recorder);
        } catch (OAuthException e) {
            return store.read(); // another caller published the first key in the meantime
        }
    }

    /**
     * Makes sure this instance can sign now (the key read, its private half decrypted), before a rule writes what the
     * signature is for: a key-set or KMS failure then leaves nothing half-written.
     */
    public void readyToSign() {
        signer();
    }

    private SigningKey generate(Instant now) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        try {
            JWK pair = pairs.generate(policy.algorithm(), kid);
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
