package dev.anonymousaccess.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus's mock event server as a Lambda Runtime API for AWS's runtime interface client, which insists on the
 * {@code 202 Accepted} the Runtime API answers to a posted result or error (the mock answers 204, and the client then
 * exits).
 */
public final class RuntimeApiServer extends MockEventServer {

    private final CountDownLatch polled = new CountDownLatch(1);

    /** The function asks for its first event once its initialization is done, as on Lambda. */
    @Override
    public void nextEvent(RoutingContext ctx) {
        polled.countDown();
        super.nextEvent(ctx);
    }

    /** Whether the function has asked for an event (it is initialized) within {@code timeout}. */
    boolean awaitFirstPoll(Duration timeout) throws InterruptedException {
        return polled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handleResponse(RoutingContext ctx) {
        accept(ctx, this::processResponse);
    }

    @Override
    public void handleError(RoutingContext ctx) {
        accept(ctx, this::processError);
    }

    /** Hands a posted result or error to the waiting invoker and answers the function {@code 202}. */
    private void accept(RoutingContext ctx, Completion completion) {
        RoutingContext pending = responsePending.remove(ctx.pathParam("requestId"));
        if (pending == null) {
            ctx.fail(404);
            return;
        }
        completion.complete(ctx, pending, ctx.body().buffer());
        ctx.response().setStatusCode(202).end();
    }

    @FunctionalInterface
    private interface Completion {
        void complete(RoutingContext posted, RoutingContext pending, Buffer body);
    }
}
