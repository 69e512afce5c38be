package dev.anonymousaccess.signup;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.RequestOrigin;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.text.Utf8;

/**
 * The optional bot check of {@code create}: a client app with a {@link CaptchaPolicy} needs a {@code captchaToken}
 * that its provider accepts, solved on the site the request comes from. The provider's secret and the token never
 * reach a log.
 */
@ApplicationScoped
public class CaptchaCheck {

    /** Providers' tokens are about 2 KB of ASCII at most; anything much longer is not one. */
    static final int MAX_TOKEN_BYTES = 4096;
    private static final Logger LOG = Logger.getLogger(CaptchaCheck.class);

    private final CaptchaSecrets secrets;
    private final SiteVerify siteVerify;

    /** Public so that the rules can be wired without CDI (the fast tests do). */
    public CaptchaCheck(CaptchaSecrets secrets, SiteVerify siteVerify) {
        this.secrets = secrets;
        this.siteVerify = siteVerify;
    }

    /**
     * @throws OAuthException {@code captcha_required} (400) without a token, {@code captcha_failed} (403) when the
     *         provider refuses it or it was solved on another site, {@code temporarily_unavailable} (503) when the
     *         check cannot be made and the client app fails closed
     */
    public void verify(ClientApp app, Optional<String> token, Optional<String> origin, String sourceIp,
            InvocationRecorder recorder) {
        CaptchaPolicy policy = app.settings().captcha();
        if (policy == null) {
            return;
        }
        String value = token.filter(t -> !t.isBlank())
                .orElseThrow(() -> new OAuthException(OAuthError.CAPTCHA_REQUIRED,
                        "captchaToken is required for this client app"));
        if (!Utf8.isWellFormed(value) || Utf8.length(value) > MAX_TOKEN_BYTES) {
            throw failed(app, recorder, "a token of " + value.length() + " characters that cannot be one");
        }
        SiteVerify.Verdict verdict;
        try {
            verdict = siteVerify.verify(policy.provider(), secrets.secret(policy.secretParameter()), value, sourceIp);
        } catch (CaptchaUnavailableException e) {
            if (policy.failOpen()) {
                LOG.warnf("bot check unavailable for client %s, failing open as configured: %s", app.clientId(),
                        e.getMessage());
                return;
            }
            LOG.errorf("bot check unavailable for client %s, failing closed: %s", app.clientId(), e.getMessage());
            throw new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE,
                    "the bot check is temporarily unavailable, retry later");
        }
        if (!verdict.success()) {
            throw failed(app, recorder, "the provider refused it " + verdict.errorCodes());
        }
        Optional<String> host = origin.flatMap(RequestOrigin::parse).map(RequestOrigin::host);
        if (host.isPresent() && (verdict.hostname() == null
                || !host.get().equals(verdict.hostname().toLowerCase(Locale.ROOT)))) {
            throw failed(app, recorder, "solved on another site");
        }
    }

    private static OAuthException failed(ClientApp app, InvocationRecorder recorder, String why) {
        recorder.count(Metric.CAPTCHA_FAILURES);
        LOG.infof("captcha failed for client %s: %s", app.clientId(), why);
        return new OAuthException(OAuthError.CAPTCHA_FAILED, "the bot check failed; solve it again");
    }
}
