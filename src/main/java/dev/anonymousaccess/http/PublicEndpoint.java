package dev.anonymousaccess.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.ContentionException;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;

/**
 * What every public {@code POST /auth/anonymous/*} endpoint shares: CORS preflight, method check, and the one place
 * where a failure becomes an OAuth-style JSON error, so that no exception and no stack trace ever reaches a client.
 */
@ApplicationScoped
public class PublicEndpoint {

    private static final Logger LOG = Logger.getLogger(PublicEndpoint.class);

    private final ClientRegistry clients;
    private final String retryAfterSeconds;
    private final String corsMaxAgeSeconds;

    PublicEndpoint(ClientRegistry clients, AnonymousAccessConfig config) {
        this.clients = clients;
        this.retryAfterSeconds = HttpResponses.retryAfterSeconds(config.retryAfter());
        this.corsMaxAgeSeconds = Long.toString(config.corsMaxAge().toSeconds());
    }

    /**
     * A successful answer; {@code allowedOrigin} is the browser origin the action verified, if any; {@code headers}
     * are the action's own (a deprecation notice, say).
     */
    public record Answer(Object body, Optional<String> allowedOrigin, Map<String, String> headers) {

        public Answer(Object body, Optional<String> allowedOrigin) {
            this(body, allowedOrigin, Map.of());
        }
    }

    /** An endpoint browsers call: preflights answered, answers readable by the origins client apps allow. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<HttpRequest, Answer> action) {
        return handle(event, action, true);
    }

    /**
     * An endpoint only an app's backend may call (it holds a secret, which must never live in a page): a request from
     * a browser (one with an {@code Origin}) is refused, and no answer carries CORS headers, so no page can read one.
     */
    public APIGatewayV2HTTPResponse handleBackendOnly(APIGatewayV2HTTPEvent event,
            Function<HttpRequest, Answer> action) {
        return handle(event, action, false);
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<HttpRequest, Answer> action,
            boolean browsers) {
        Optional<HttpRequest> request = Optional.empty();
        try {
            request = Optional.of(HttpRequest.of(event));
            if (!browsers && request.get().origin().isPresent()) {
                throw new OAuthException(OAuthError.ORIGIN_NOT_ALLOWED,
                        "this endpoint is for an app's backend; a browser must never hold a client secret");
            }
            if (browsers && "OPTIONS".equals(request.get().method())) {
                return preflight(request.get());
            }
            if (!"POST".equals(request.get().method())) {
                throw new OAuthException(OAuthError.METHOD_NOT_ALLOWED, "only POST is supported");
            }
            Answer answer = action.apply(request.get());
            Map<String, String> headers = new LinkedHashMap<>(answer.headers());
            answer.allowedOrigin().ifPresent(origin -> headers.putAll(CorsHeaders.allowOrigin(origin)));
            return HttpResponses.json(200, answer.body(), headers);
        } catch (OAuthException e) {
            return error(request, e, browsers);
        } catch (RuntimeException e) {
            // Only the exception type is logged: a message could quote request content.
            LOG.errorf("answering 500 after an unexpected %s", e.getClass().getName());
            return error(request, new OAuthException(OAuthError.SERVER_ERROR, "internal error"), browsers);
        }
    }

    /**
     * The error answer. A 4xx must be readable by a browser (an app seeing {@code invalid_grant} starts over with
     * {@code create}; a network error tells it nothing), so it carries CORS headers when the origin is one that some
     * client app allows, the preflight's rule; the error says nothing about any client app. A 5xx carries none: the
     * origin check would need the store that may just have failed. A backend-only endpoint's answers carry none.
     */
    private APIGatewayV2HTTPResponse error(Optional<HttpRequest> request, OAuthException e, boolean browsers) {
        OAuthError error = e.error();
        Map<String, String> headers = new LinkedHashMap<>(e.answerHeaders());
        if (error == OAuthError.TEMPORARILY_UNAVAILABLE) {
            if (e instanceof ContentionException) {
                // The store worked: many writers at once, not an outage.
                LOG.warnf("answering 503 after contention: %s", e.logDetail());
            } else {
                LOG.errorf("answering 503: %s", e.logDetail());
            }
            headers.put("Retry-After", retryAfterSeconds);
        } else if (browsers && error.status() < 500) {
            request.flatMap(this::registeredOrigin).ifPresent(origin -> headers.putAll(CorsHeaders.allowOrigin(origin)));
        }
        e.retryAfter().ifPresent(after -> headers.put("Retry-After", HttpResponses.retryAfterSeconds(after)));
        if (error == OAuthError.CLIENT_AUTHENTICATION_FAILED) {
            LOG.infof("client authentication refused: %s", e.logDetail());
            headers.putAll(BasicCredentials.CHALLENGE);
        }
        if (error == OAuthError.METHOD_NOT_ALLOWED) {
            headers.put("Allow", browsers ? "POST, OPTIONS" : "POST");
        }
        return HttpResponses.error(error, e.getMessage(), headers);
    }

    /**
     * The request's origin when some client app allows it, for answers that are not about one client app. A store
     * failure here only costs the browser the right to read the answer; the answer itself stands.
     */
    public Optional<String> registeredOrigin(HttpRequest request) {
        try {
            return request.origin().filter(clients::anyClientAllows);
        } catch (OAuthException e) {
            return Optional.empty();
        }
    }

    /**
     * A preflight carries no body, so no client id: it is answered for any origin that some client app allows. The
     * request itself is then checked against its own client app.
     */
    private APIGatewayV2HTTPResponse preflight(HttpRequest request) {
        Optional<String> origin = request.origin();
        if (origin.isEmpty() || !clients.anyClientAllows(origin.get())) {
            return HttpResponses.error(OAuthError.ORIGIN_NOT_ALLOWED, "origin not allowed", Map.of("Vary", "Origin"));
        }
        return HttpResponses.noContent(CorsHeaders.preflight(origin.get(), "POST, OPTIONS",
                "Content-Type, Authorization", corsMaxAgeSeconds));
    }
}
