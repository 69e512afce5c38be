package dev.anonymousaccess.jwt;

/**
 * What keeps the private halves of the signing keys secret at rest: they are stored only as this vault encrypted
 * them, and decrypted in a function's memory when it first signs.
 *
 * @throws dev.anonymousaccess.error.StoreUnavailableException from every method when the vault cannot be used
 */
public interface PrivateKeyVault {

    byte[] encrypt(byte[] privateKey);

    byte[] decrypt(byte[] encrypted);
}
