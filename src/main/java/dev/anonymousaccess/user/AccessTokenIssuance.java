package dev.anonymousaccess.user;

import dev.anonymousaccess.client.ClientApp;

/**
 * What issuing a client app's access tokens needs: started early, and asked before a user is written for it (a
 * sign-up whose token could not then be handed out, a JWT app's whose signing key cannot be read or decrypted, must
 * write nothing).
 */
public interface AccessTokenIssuance {

    /**
     * A request that may issue tokens arrived, its client app not read yet: starts, in the background, what any app's
     * tokens may need whichever app it is (a cold instance's read of the signing keys, where the deployment signs
     * JWTs), so that it overlaps with the client app's own read.
     */
    void anticipate();

    /**
     * Starts, in the background, what {@code app}'s tokens need before they can be issued (a JWT app's key read and
     * decrypted), so that it overlaps with the caller's own reads and writes.
     */
    void prepareFor(ClientApp app);

    /** @throws dev.anonymousaccess.error.StoreUnavailableException when the app's tokens cannot be issued now */
    void requireReady(ClientApp app);
}
