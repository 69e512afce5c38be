package dev.anonymousaccess.localapi;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus's mock event server as a Lambda Runtime API for AWS's runtime interface client, which insists on the
 * {@code 202 Accepted} the Runtime API answers to a posted result or error (the mock answers 204, and the client then
 * exits).
 */
public final class RuntimeApiServer extends MockEventServer {

    @Override
    public void handleResponse(RoutingContext ctx) {
        RoutingContext pending = responsePending.remove(ctx.pathParam("requestId"));
        if (pending == null) {
            ctx.fail(404);
            return;
        }
        processResponse(ctx, pending, ctx.body().buffer());
        ctx.response().setStatusCode(202).end();
    }

    @Override
    public void handleError(RoutingContext ctx) {
        RoutingContext pending = responsePending.remove(ctx.pathParam("requestId"));
        if (pending == null) {
            ctx.fail(404);
            return;
        }
        processError(ctx, pending, ctx.body().buffer());
        ctx.response().setStatusCode(202).end();
    }
}
