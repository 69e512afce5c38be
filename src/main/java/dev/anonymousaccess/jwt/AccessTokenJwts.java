package dev.anonymousaccess.jwt;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.user.AccessTokenIssuance;
import dev.anonymousaccess.user.IssuedTokens;

/**
 * JWT access tokens (RFC 9068): minted for client apps in the {@code jwt} format, verified wherever one is presented.
 * <p>
 * A JWT stands for a session's access token: its {@code jti} is the hash the session keeps of it, its {@code sid} the
 * session, so the checks that follow (the token is still the session's, the user is not gone or revoked) are the
 * opaque token's, and a repeated answer (a retried refresh) may mint another JWT for the same token. Header
 * {@code typ: at+jwt} and {@code kid}; claims {@code iss}, {@code sub} (the user), {@code aud}, {@code client_id},
 * {@code iat}, {@code exp}, {@code jti}, {@code sid}, and {@code subject} for a claimed user.
 */
@ApplicationScoped
public class AccessTokenJwts implements AccessTokenIssuance {

    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** Tokens are minted by this service and verified by it: no skew is granted (an expired token is expired). */
    static final Duration NO_SKEW = Duration.ZERO;

    /**
     * The JWT part of the deployment's configuration.
     *
     * @param issuer the {@code iss} of every JWT; empty: the deployment issues none
     * @param audience the {@code aud} of JWTs of apps that do not set their own
     */
    public record Policy(Optional<String> issuer, String audience) {
    }

    private final SigningKeys keys;
    private final ClientRegistry clients;
    private final Clock clock;
    private final Policy policy;

    public AccessTokenJwts(SigningKeys keys, ClientRegistry clients, Clock clock, Policy policy) {
        this.keys = keys;
        this.clients = clients;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * What an app is handed as its access token: the opaque token itself, or a JWT standing for it.
     *
     * @param issued a pair handed to its client app (effective settings)
     */
    public String accessTokenOf(IssuedTokens issued) {
        ClientSettings settings = issued.client().settings();
        if (settings.tokenFormat() != ClientSettings.TokenFormat.JWT) {
            return issued.accessToken().value();
        }
        Instant now = clock.instant();
        SigningKeys.Signer signer = keys.signer();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(issued.userId())
                .audience(settings.audience()).claim("client_id", issued.client().clientId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(issued.expiresIn())))
                .jwtID(issued.accessToken().hash()).claim("sid", issued.sessionId());
        if (issued.subject() != null) {
            claims.claim("subject", issued.subject());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithmOf(signer.key())).type(AT_JWT)
                .keyID(signer.key().kid()).build(), claims.build());
        try {
            jwt.sign(signerOf(signer));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + signer.key().kid() + " failed", e);
        }
        return jwt.serialize();
    }

    @Override
    public void anticipate() {
        if (policy.issuer().isPresent()) {
            keys.anticipate();
        }
    }

    @Override
    public void prepareFor(ClientApp app) {
        if (app.settings().tokenFormat() == ClientSettings.TokenFormat.JWT) {
            keys.prepare();
        }
    }

    /**
     * Before a user is written for {@code app}: when its tokens are JWTs, makes sure one can be signed now.
     *
     * @throws dev.anonymousaccess.error.StoreUnavailableException when the key set or KMS cannot be used
     */
    @Override
    public void requireReady(ClientApp app) {
        if (app.settings().tokenFormat() == ClientSettings.TokenFormat.JWT) {
            keys.readyToSign();
        }
    }

    private String issuer() {
        return policy.issuer().orElseThrow(() -> new IllegalStateException("no JWT issuer is configured"));
    }

    /** Whether {@code value} has a JWT's form (three base64url parts, a JSON header): not an opaque token. */
    public static boolean looksLikeJwt(String value) {
        return value != null && value.startsWith("eyJ") && value.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The JWT {@code value} if it is one of this service's access tokens now: an accepted algorithm, {@code at+jwt},
     * signed by a published key, this issuer, not expired, with the claims this service puts in. No store is asked
     * (the key set is this instance's): a forged or foreign token costs nothing.
     *
     * @return the refusal's reason, or the verified token
     */
    public Verification verify(String value) {
        return verify(value, true);
    }

    /**
     * The JWT {@code value} if this service issued it, expired or not: what a sign-out may revoke (RFC 7009 lets a
     * client revoke what it holds, and signing out after a token expired must still sign out).
     */
    public Optional<VerifiedJwt> verifyToRevoke(String value) {
        return verify(value, false).token();
    }

    private Verification verify(String value, boolean mustBeLive) {
        Instant now = clock.instant();
        if (policy.issuer().isEmpty()) {
            return Verification.refused("no JWT issuer is configured");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(value);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verification.refused("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!ACCEPTED.contains(header.getAlgorithm())) {
            return Verification.refused("algorithm " + header.getAlgorithm() + " is not accepted");
        }
        if (!AT_JWT.equals(header.getType())) {
            return Verification.refused("not an access token JWT (typ at+jwt)");
        }
        Optional<JWK> key = header.getKeyID() == null ? Optional.empty() : keys.publicKey(header.getKeyID());
        if (key.isEmpty()) {
            return Verification.refused("no published key has its kid");
        }
        try {
            if (!algorithmFits(header.getAlgorithm(), key.get()) || !jwt.verify(verifierOf(key.get()))) {
                return Verification.refused("its signature does not verify");
            }
        } catch (JOSEException e) {
            return Verification.refused("its signature does not verify");
        }
        return checkedClaims(value, claims, now, mustBeLive);
    }

    private Verification checkedClaims(String value, JWTClaimsSet claims, Instant now, boolean mustBeLive) {
        try {
            Date expires = claims.getExpirationTime();
            String sessionId = claims.getStringClaim("sid");
            String clientId = claims.getStringClaim("client_id");
            if (!policy.issuer().get().equals(claims.getIssuer())) {
                return Verification.refused("another issuer");
            }
            if (expires == null || (mustBeLive && !now.isBefore(expires.toInstant().plus(NO_SKEW)))) {
                return Verification.refused("expired");
            }
            if (mustBeLive && claims.getNotBeforeTime() != null
                    && now.isBefore(claims.getNotBeforeTime().toInstant())) {
                return Verification.refused("not valid yet");
            }
            if (sessionId == null || clientId == null || claims.getSubject() == null || claims.getJWTID() == null
                    || claims.getAudience().isEmpty()) {
                return Verification.refused("a claim this service puts in is missing");
            }
            // The deployment's audience needs no read; an app's own is read from this instance's cache.
            if (!claims.getAudience().contains(policy.audience())
                    && !claims.getAudience().contains(clients.settingsOf(clientId).audience())) {
                return Verification.refused("another audience");
            }
            return new Verification(Optional.of(new VerifiedJwt(value, sessionId, claims.getSubject(), clientId,
                    claims.getJWTID(), expires.toInstant())), null);
        } catch (ParseException e) {
            return Verification.refused("a claim of the wrong type");
        }
    }

    /** The outcome of {@link #verify}: the token, or why it is refused (for the log, never the token). */
    public record Verification(Optional<VerifiedJwt> token, String refusal) {
        static Verification refused(String why) {
            return new Verification(Optional.empty(), why);
        }
    }

    private static JWSAlgorithm algorithmOf(SigningKey key) {
        return key.algorithm() == SigningAlgorithm.RS256 ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    }

    private static boolean algorithmFits(JWSAlgorithm algorithm, JWK key) {
        return algorithm.equals(JWSAlgorithm.RS256) ? key instanceof RSAKey : key instanceof ECKey;
    }

    private static JWSSigner signerOf(SigningKeys.Signer signer) throws JOSEException {
        return signer.key().algorithm() == SigningAlgorithm.RS256 ? new RSASSASigner(signer.privateKey())
                : new ECDSASigner((java.security.interfaces.ECPrivateKey) signer.privateKey());
    }

    private static JWSVerifier verifierOf(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
    }
}
