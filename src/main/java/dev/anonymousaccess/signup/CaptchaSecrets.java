package dev.anonymousaccess.signup;

/** Where the providers' secrets are kept (SSM Parameter Store); read once per instance. */
public interface CaptchaSecrets {

    /**
     * @return the secret held by the {@code SecureString} parameter {@code name}
     * @throws CaptchaUnavailableException when it cannot be read
     */
    String secret(String name);
}
