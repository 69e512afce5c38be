package dev.anonymousaccess.http;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;

/** Runs an HTTP API function as one reported invocation: its route and API request id come from the event. */
final class HttpInvocation {

    private HttpInvocation() {
    }

    static APIGatewayV2HTTPResponse run(Invocations invocations, String function, APIGatewayV2HTTPEvent event,
            Function<Invocation, APIGatewayV2HTTPResponse> body) {
        var context = event == null ? null : event.getRequestContext();
        String route = event == null ? null : event.getRouteKey();
        if ((route == null || route.isEmpty()) && context != null && context.getHttp() != null) {
            route = context.getHttp().getMethod() + " " + context.getHttp().getPath();
        }
        return invocations.run(function, route, context == null ? null : context.getRequestId(), invocation -> {
            APIGatewayV2HTTPResponse response = body.apply(invocation);
            invocation.answered(response.getStatusCode(), HttpResponses.errorCode(response));
            return response;
        });
    }
}
