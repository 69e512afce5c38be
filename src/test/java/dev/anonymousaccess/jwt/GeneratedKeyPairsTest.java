package dev.anonymousaccess.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The pairs rotation gives the service ({@link SigningKeys#GENERATED}); every other test reuses pairs generated once
 * per build.
 */
class GeneratedKeyPairsTest {

    @Test
    void anRs256PairIsAnRsa2048SigningKeyUnderItsKid() throws JOSEException {
        JWK pair = SigningKeys.GENERATED.generate(SigningAlgorithm.RS256, "k1");

        RSAKey rsa = pair.toRSAKey();
        assertTrue(rsa.isPrivate());
        assertEquals(2048, rsa.size());
        assertEquals("k1", rsa.getKeyID());
        assertEquals(KeyUse.SIGNATURE, rsa.getKeyUse());
        assertEquals(JWSAlgorithm.RS256, rsa.getAlgorithm());
    }

    @Test
    void anEs256PairIsAP256SigningKeyUnderItsKid() throws JOSEException {
        JWK pair = SigningKeys.GENERATED.generate(SigningAlgorithm.ES256, "k2");

        ECKey ec = pair.toECKey();
        assertTrue(ec.isPrivate());
        assertEquals(Curve.P_256, ec.getCurve());
        assertEquals("k2", ec.getKeyID());
        assertEquals(KeyUse.SIGNATURE, ec.getKeyUse());
        assertEquals(JWSAlgorithm.ES256, ec.getAlgorithm());
    }

    @Test
    void everyPairIsNew() throws JOSEException {
        ECKey first = SigningKeys.GENERATED.generate(SigningAlgorithm.ES256, "k").toECKey();
        ECKey second = SigningKeys.GENERATED.generate(SigningAlgorithm.ES256, "k").toECKey();

        assertNotEquals(first.getD(), second.getD());
    }
}
