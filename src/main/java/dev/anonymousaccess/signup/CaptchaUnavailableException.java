package dev.anonymousaccess.signup;

/** The bot check could not be decided: the provider or the secret's store did not answer usably. */
public class CaptchaUnavailableException extends RuntimeException {

    public CaptchaUnavailableException(String message) {
        super(message, null, false, false);
    }
}
