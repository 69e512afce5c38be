package dev.anonymousaccess.user;

import dev.anonymousaccess.client.ClientApp;

/**
 * Whether a client app's access tokens can be issued now, asked before a user is written for it: a sign-up whose
 * token could not then be handed out (a JWT app whose signing key cannot be read or decrypted) must write nothing.
 */
public interface AccessTokenIssuance {

    /** @throws dev.anonymousaccess.error.StoreUnavailableException when the app's tokens cannot be issued now */
    void requireReady(ClientApp app);
}
