package dev.anonymousaccess.http;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.AccessTokenVerifier;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.RefreshTokenRotation;
import dev.anonymousaccess.user.SignOut;
import dev.anonymousaccess.user.UserClaim;
import dev.anonymousaccess.user.UserRegistration;

/**
 * The endpoints of {@code /auth/anonymous/*}, each the answer of one function: its request read, the rule called, the
 * answer written, inside one reported invocation. The rules are application-scoped, so a function creates only the
 * one its own endpoint calls.
 */
@ApplicationScoped
public class TokenEndpoints {

    private static final Logger LOG = Logger.getLogger(TokenEndpoints.class);

    @Inject
    PublicEndpoint endpoint;

    @Inject
    Invocations invocations;

    @Inject
    Clock clock;

    @Inject
    UserRegistration registration;

    @Inject
    RefreshTokenRotation rotation;

    @Inject
    SignOut signOut;

    @Inject
    ClientRegistry clients;

    @Inject
    UserClaim claims;

    @Inject
    AccessTokenJwts jwts;

    @Inject
    AccessTokenVerifier verifier;

    @Inject
    AnonymousAccessConfig config;

    /** {@code POST /auth/anonymous/create}: a new anonymous user and its first token pair for a client app. */
    public APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "create", event, invocation -> endpoint.handle(event, request -> {
            CreateRequest create = CreateRequest.of(request);
            IssuedTokens issued = registration.register(new UserRegistration.Signup(create.clientId(),
                    request.origin(), request.sourceIp(), create.captchaToken()), invocation);
            return tokens(issued, request);
        }));
    }

    /**
     * {@code POST /auth/anonymous/refresh}: a new token pair for a refresh token, as JSON
     * ({@code {"refresh_token": "..."}}) or as the RFC 6749 §6 form, answered {@code {"token": {...}}}. The same
     * function is the OAuth token endpoint, {@code POST /oauth/token} (RFC 6749 §6, {@code grant_type} required),
     * answered as RFC 6749 §5.1 has it, the token's fields at the top, so that a standard client refreshes unchanged.
     */
    public APIGatewayV2HTTPResponse refresh(APIGatewayV2HTTPEvent event) {
        boolean tokenEndpoint = HttpRequest.pathOf(event).endsWith(TOKEN_ENDPOINT_PATH);
        return HttpInvocation.run(invocations, "refresh", event, invocation -> endpoint.handle(event, request -> {
            RefreshRequest refresh = tokenEndpoint ? RefreshRequest.ofTokenEndpoint(request)
                    : RefreshRequest.of(request);
            IssuedTokens issued = rotation.refresh(refresh.refreshToken(), request.origin(), refresh.clientId(),
                    invocation);
            TokenResponse body = TokenResponse.of(issued, jwts.accessTokenOf(issued));
            return new PublicEndpoint.Answer(tokenEndpoint ? body.token() : body, request.origin(),
                    issued.client().deprecationHeadersAt(clock.instant()));
        }));
    }

    /** The path of the OAuth token endpoint, below the issuer. */
    public static final String TOKEN_ENDPOINT_PATH = "/oauth/token";

    private PublicEndpoint.Answer tokens(IssuedTokens issued, HttpRequest request) {
        return new PublicEndpoint.Answer(TokenResponse.of(issued, jwts.accessTokenOf(issued)), request.origin(),
                issued.client().deprecationHeadersAt(clock.instant()));
    }

    /**
     * {@code POST /auth/anonymous/revoke} (RFC 7009): sign-out. {@code {"token": "..."}} or the form encoding, with an
     * optional {@code token_type_hint}. Answers 200 for unknown tokens too.
     */
    public APIGatewayV2HTTPResponse revoke(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "revoke", event, invocation -> endpoint.handle(event, request -> {
            signOut.revoke(TokenRequest.of(request).token(), invocation);
            // Revocation never hurts the token's owner, so it is not refused for an origin; the browser may read
            // the answer when some client app allows its origin.
            return new PublicEndpoint.Answer(Map.of(), endpoint.registeredOrigin(request));
        }));
    }

    /**
     * {@code POST /auth/anonymous/claim}: an app's backend, authenticated with its client secret (HTTP Basic), claims
     * the anonymous user whose access token the app's client holds for the person's permanent id, or merges it into
     * the user that already holds that id. Never from a browser.
     */
    public APIGatewayV2HTTPResponse claim(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "claim", event, invocation -> endpoint.handleBackendOnly(event,
                request -> {
                    BasicCredentials credentials = BasicCredentials.of(request);
                    ClientApp app = clients.authenticateBackend(credentials.clientId(), credentials.secret());
                    ClaimRequest claim = ClaimRequest.of(request);
                    UserClaim.Claimed claimed = claims.claim(app, claim.accessToken(), claim.subject(), invocation);
                    return new PublicEndpoint.Answer(ClaimResponse.of(claimed, jwts::accessTokenOf), Optional.empty());
                }));
    }

    /** The path of the introspection endpoint (RFC 7662), below the issuer. */
    public static final String INTROSPECTION_ENDPOINT_PATH = "/oauth/introspect";

    /**
     * {@code POST /oauth/introspect} (RFC 7662): an app's backend, authenticated with its client secret (HTTP Basic),
     * asks whether an access token is good now, as the Lambda authorizer would decide it, and whose it is. A token of
     * another app answers {@code {"active": false}}, as an unknown one does. Never from a browser.
     */
    public APIGatewayV2HTTPResponse introspect(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "introspect", event, invocation -> endpoint.handleBackendOnly(event,
                request -> {
                    BasicCredentials credentials = BasicCredentials.of(request);
                    TokenRequest introspection = TokenRequest.of(request);
                    ClientApp app = clients.authenticateBackend(credentials.clientId(), credentials.secret());
                    AccessDecision decision = verifier.verifyFor(app.clientId(), introspection.token(), invocation);
                    if (decision instanceof AccessDecision.Granted granted) {
                        invocation.allowed();
                        return new PublicEndpoint.Answer(IntrospectionResponse.active(granted, config.jwt().issuer()),
                                Optional.empty());
                    }
                    AccessDecision.Denied denied = (AccessDecision.Denied) decision;
                    LOG.infof("inactive: %s", denied.detail());
                    invocation.refused(denied.refusal().code());
                    return new PublicEndpoint.Answer(IntrospectionResponse.INACTIVE, Optional.empty());
                }));
    }
}
