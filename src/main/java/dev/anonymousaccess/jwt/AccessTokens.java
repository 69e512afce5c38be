package dev.anonymousaccess.jwt;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.token.PresentedToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenKind;
import dev.anonymousaccess.user.AccessTokenReader;
import dev.anonymousaccess.user.Refusal;

/** Both forms of access token: an opaque one read by its form, a JWT verified ({@link AccessTokenJwts}). */
@ApplicationScoped
public class AccessTokens implements AccessTokenReader {

    private final TokenCodec tokens;
    private final AccessTokenJwts jwts;

    public AccessTokens(TokenCodec tokens, AccessTokenJwts jwts) {
        this.tokens = tokens;
        this.jwts = jwts;
    }

    @Override
    public Reading read(String value) {
        if (AccessTokenJwts.looksLikeJwt(value)) {
            AccessTokenJwts.Verification verified = jwts.verify(value);
            return verified.token().<Reading>map(Reading::of)
                    .orElseGet(() -> Reading.refused(Refusal.INVALID_JWT, "invalid JWT: " + verified.refusal()));
        }
        return tokens.parse(value).filter(token -> token.kind() == TokenKind.ACCESS).<Reading>map(Reading::of)
                .orElseGet(() -> Reading.refused(Refusal.MALFORMED_TOKEN, "malformed access token"));
    }

    @Override
    public Optional<PresentedToken> readToRevoke(String value) {
        if (AccessTokenJwts.looksLikeJwt(value)) {
            return jwts.verifyToRevoke(value).map(PresentedToken.class::cast);
        }
        return tokens.parse(value).map(PresentedToken.class::cast);
    }
}
