package dev.anonymousaccess.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.anonymousaccess.jwt.SigningAlgorithm;
import dev.anonymousaccess.jwt.SigningKeys;

/**
 * Key pairs generated once per test JVM and handed out in turn under new kids: an RSA pair costs a second or more to
 * generate in the tests' JVM (C1 only), and the rules do not care whether a pair was used before. Three of each, so
 * that two rotations never meet a pair twice.
 */
public final class PooledKeyPairs implements SigningKeys.KeyPairs {

    public static final PooledKeyPairs INSTANCE = new PooledKeyPairs();
    private static final int SIZE = 3;

    private final AtomicInteger next = new AtomicInteger();
    private List<RSAKey> rsa;
    private List<ECKey> ec;

    private PooledKeyPairs() {
    }

    @Override
    public JWK generate(SigningAlgorithm algorithm, String kid) throws JOSEException {
        int turn = Math.floorMod(next.getAndIncrement(), SIZE);
        return switch (algorithm) {
            case RS256 -> new RSAKey.Builder(rsa().get(turn)).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).build();
            case ES256 -> new ECKey.Builder(ec().get(turn)).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).build();
        };
    }

    /** An RSA pair that is none of the pool's: a stranger's key. */
    public static synchronized RSAKey stranger() throws JOSEException {
        if (stranger == null) {
            stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        }
        return stranger;
    }

    private static RSAKey stranger;

    private synchronized List<RSAKey> rsa() throws JOSEException {
        if (rsa == null) {
            RSAKey[] keys = new RSAKey[SIZE];
            for (int i = 0; i < SIZE; i++) {
                keys[i] = new RSAKeyGenerator(2048).generate();
            }
            rsa = List.of(keys);
        }
        return rsa;
    }

    private synchronized List<ECKey> ec() throws JOSEException {
        if (ec == null) {
            ECKey[] keys = new ECKey[SIZE];
            for (int i = 0; i < SIZE; i++) {
                keys[i] = new ECKeyGenerator(Curve.P_256).generate();
            }
            ec = List.of(keys);
        }
        return ec;
    }
}
