package dev.anonymousaccess.testing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The forgeries every verifier must refuse, made from one genuine access token JWT: {@code alg: none}, HS256 signed
 * with the service's public key as the secret, a key nobody published, an altered payload, and, signed with the
 * service's own key, the wrong audience and an expired token.
 */
public final class ForgedJwts {

    private ForgedJwts() {
    }

    /**
     * @param genuine an access token JWT the service issued
     * @param signingKey the private half of the key that signed it
     * @param publishedKey its public half, as the key set publishes it
     * @param now the verifiers' time
     */
    public static Map<String, String> of(String genuine, PrivateKey signingKey, JWK publishedKey, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(genuine);
            JWSHeader header = jwt.getHeader();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Map<String, String> forged = new LinkedHashMap<>();
            forged.put("alg none", encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + header.getKeyID()
                    + "\"}") + "." + jwt.getParsedParts()[1].toString() + ".");
            forged.put("HS256 with the public key as secret", signed(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .type(header.getType()).keyID(header.getKeyID()).build(), claims,
                    new MACSigner(publishedKey.toJSONString().getBytes(StandardCharsets.UTF_8))));
            RSAKey stranger = new RSAKey.Builder(PooledKeyPairs.stranger()).keyID("unknown-" + header.getKeyID())
                    .build();
            forged.put("unknown kid", signed(new JWSHeader.Builder(JWSAlgorithm.RS256).type(header.getType())
                    .keyID(stranger.getKeyID()).build(), claims, new RSASSASigner(stranger)));
            JWTClaimsSet altered = new JWTClaimsSet.Builder(claims).subject(claims.getSubject() + "0").build();
            forged.put("altered payload", jwt.getParsedParts()[0] + "." + encode(altered.toString()) + "."
                    + jwt.getParsedParts()[2]);
            forged.put("wrong aud", signed(header, new JWTClaimsSet.Builder(claims).audience("another-api").build(),
                    ownSigner(signingKey)));
            forged.put("expired", signed(header, new JWTClaimsSet.Builder(claims)
                    .issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
                    .expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build(),
                    ownSigner(signingKey)));
            return forged;
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("cannot forge from " + e.getMessage(), e);
        }
    }

    private static JWSSigner ownSigner(PrivateKey key) throws JOSEException {
        return key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims, JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
