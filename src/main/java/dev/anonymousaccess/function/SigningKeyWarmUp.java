package dev.anonymousaccess.function;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.jwt.SigningKeys;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.StartupEvent;

/**
 * The functions that sign JWTs read the key set and decrypt the signing key on a thread of their own as soon as they
 * start, while the runtime fetches the first event and the sign-up or refresh reads the store: a cold start's first
 * JWT then rarely waits for them. Only in a Lambda runtime, with a JWT issuer, and never while Lambda initializes a
 * SnapStart snapshot (no connection and no decrypted key may be captured in one). A failure here costs nothing: the
 * first request does the same work and answers for it.
 */
@ApplicationScoped
@Unremovable // reached only through the start-up observer's Instance
public class SigningKeyWarmUp {

    static final Set<String> SIGNING_EXPORTS = Set.of("create", "refresh", "claim");
    private static final Logger LOG = Logger.getLogger(SigningKeyWarmUp.class);

    private final SigningKeys keys;

    SigningKeyWarmUp(SigningKeys keys) {
        this.keys = keys;
    }

    static void onStart(@Observes StartupEvent start, Instance<SigningKeyWarmUp> warmUp, AnonymousAccessConfig config,
            @ConfigProperty(name = "quarkus.funqy.export") Optional<String> export) {
        boolean inLambda = System.getenv("AWS_LAMBDA_RUNTIME_API") != null;
        boolean snapshot = "snap-start".equals(System.getenv(SnapStartPriming.INITIALIZATION_TYPE));
        if (inLambda && !snapshot && config.jwt().issuer().isPresent()
                && export.filter(SIGNING_EXPORTS::contains).isPresent()) {
            Thread thread = new Thread(warmUp.get()::run, "signing-key-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    void run() {
        try {
            keys.readyToSign();
        } catch (RuntimeException e) {
            // No key yet (opaque apps only), or the store or KMS failing: the first JWT request will say.
            LOG.debugf("signing key not ready at start: %s", e.getClass().getSimpleName());
        }
    }
}
