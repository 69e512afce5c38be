package dev.anonymousaccess.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.retry.OptimisticRetry;
import dev.anonymousaccess.token.PresentedToken;

/**
 * An app's backend keeps an anonymous user when the person signs up: the user the access token names is claimed for
 * the app's permanent id of the person (the subject) and becomes permanent; when another user of the app already holds
 * the subject, the anonymous user is merged into that one, and the device gets a pair of the holder's.
 * <p>
 * Every decision is made on what the store holds and written with conditions on exactly that, so a retry, an attempt
 * the SDK repeated after DynamoDB applied it, or a concurrent claim is decided again on the new state and converges:
 * the same subject never gets a second user.
 */
@ApplicationScoped
public class UserClaim {

    /** Decisions made again when the store changed under us (each merge into a popular user may race others). */
    static final int ATTEMPTS = 10;
    /** Further sessions a claimed user keeps; a merge beyond that drops the oldest (its device is signed out). */
    public static final int MAX_SESSIONS = 20;
    private static final Logger LOG = Logger.getLogger(UserClaim.class);

    private final AccessTokenReader tokens;
    private final TokenPairs pairs;
    private final UserRepository users;
    private final Clock clock;
    private final RetryWindow retryWindow;

    /** Public so that the rules can be wired without CDI. */
    public UserClaim(AccessTokenReader tokens, TokenPairs pairs, UserRepository users, Clock clock,
            RetryWindow retryWindow) {
        this.tokens = tokens;
        this.pairs = pairs;
        this.users = users;
        this.clock = clock;
        this.retryWindow = retryWindow;
    }

    /** How long a merged anonymous user's claim is answered again (the deployment's {@code claim-retry-window}). */
    public record RetryWindow(Duration length) {
    }

    /**
     * What a claim answers: the user that holds the subject now and, after a merge, the anonymous user merged into it
     * and the merging device's new pair (absent when a retried merge finds that pair already used).
     */
    public record Claimed(String userId, String subject, Optional<String> mergedUserId,
            Optional<IssuedTokens> tokens) {
    }

    /**
     * @param app the client app whose backend authenticated (effective settings)
     * @throws OAuthException {@code invalid_grant} when the access token is not a live access token of {@code app}'s
     *         users; {@code already_claimed} when its user holds another subject
     * @throws dev.anonymousaccess.error.StoreUnavailableException when DynamoDB fails
     * @throws dev.anonymousaccess.error.ContentionException when the users kept changing
     */
    public Claimed claim(ClientApp app, String accessToken, String subject, InvocationRecorder recorder) {
        PresentedToken presented = tokens.read(accessToken).token()
                .orElseThrow(() -> OAuthException.invalidGrant("not a live access token"));
        return OptimisticRetry.decide(ATTEMPTS, "the claim", recorder,
                () -> decide(app, presented, subject, recorder));
    }

    /** One decision on what the store holds now; empty when it changed before the decision could be written. */
    private Optional<Claimed> decide(ClientApp app, PresentedToken presented, String subject,
            InvocationRecorder recorder) {
        Instant now = clock.instant();
        UserRepository.Located located = users.locate(presented.sessionId(), now);
        if (located.session().isEmpty()) {
            return Optional.of(mergedEarlier(located.merged(), app, presented, subject, now, recorder));
        }
        Session session = live(located.session().get(), presented, app, now);
        recorder.identifyUser(session.userId(), session.clientId());
        if (session.claimed()) {
            if (!session.subject().equals(subject)) {
                throw new OAuthException(OAuthError.ALREADY_CLAIMED, "the user is claimed for another subject");
            }
            return Optional.of(new Claimed(session.userId(), subject, Optional.empty(), Optional.empty()));
        }
        if (!session.onUsersOwnItem()) {
            // Only claimed users have further sessions: an unclaimed one is damaged, and doubt fails closed.
            throw OAuthException.invalidGrant("unknown access token");
        }
        User user = User.anonymous(session);
        Optional<String> holder = users.holderOf(app.clientId(), subject);
        if (holder.isEmpty()) {
            if (!users.claim(user, user.claimedFor(subject, now))) {
                return Optional.empty();
            }
            recorder.count(Metric.USERS_CLAIMED);
            LOG.infof("user %s claimed", user.userId());
            return Optional.of(new Claimed(user.userId(), subject, Optional.empty(), Optional.empty()));
        }
        if (holder.get().equals(user.userId())) {
            // A claim of this very user for this subject landed since the read (a duplicate, or an earlier attempt
            // of ours): read again, and answer it as the same claim.
            return Optional.empty();
        }
        Optional<User> into = users.findUser(holder.get()).filter(holding -> subject.equals(holding.subject()));
        if (into.isEmpty()) {
            // The hold and its user are written and erased together: another transaction is under way.
            return Optional.empty();
        }
        Optional<Claimed> merged = merge(app, presented, user, into.get(), now);
        merged.ifPresent(claimed -> {
            recorder.count(Metric.USERS_MERGED);
            LOG.infof("user %s merged into user %s", user.userId(), into.get().userId());
        });
        return merged;
    }

    /** The session the presented token is the live access token of, in {@code app}. */
    private static Session live(Session session, PresentedToken presented, ClientApp app, Instant now) {
        if (!presented.matches(session.accessTokenHash()) || !session.clientId().equals(app.clientId())) {
            throw OAuthException.invalidGrant("unknown access token");
        }
        if (session.isGone(now) || session.accessTokenExpired(now)) {
            throw OAuthException.invalidGrant("access token expired");
        }
        if (session.revoked()) {
            throw OAuthException.invalidGrant("access token revoked");
        }
        return session;
    }

    private Optional<Claimed> merge(ClientApp app, PresentedToken presented, User user, User into, Instant now) {
        String sessionId = pairs.newSessionId();
        String key = pairs.newRotationKey();
        IssuedTokens pair = pairs.derivedFrom(presented, sessionId, key, app.settings().accessTokenLifetime());
        List<String> sessions = new ArrayList<>(into.furtherSessions());
        sessions.add(sessionId);
        List<String> dropped = new ArrayList<>();
        while (sessions.size() > MAX_SESSIONS) {
            dropped.add(sessions.remove(0));
        }
        UserRepository.Merge merge = new UserRepository.Merge(user, into,
                into.newSession(pair, now, key, user.userId()), sessions, dropped, now.plus(retryWindow.length()));
        if (!users.merge(merge)) {
            return Optional.empty();
        }
        return Optional.of(new Claimed(into.userId(), into.subject(), Optional.of(user.userId()),
                Optional.of(pair.of(into.userId(), into.subject()).issuedFor(app))));
    }

    /**
     * The presented token's user is gone: if it was merged a moment ago by a claim with this token, this is that claim
     * again, answered the same, with the same pair while the device has not used it.
     */
    private Claimed mergedEarlier(Optional<UserRepository.MergedUser> merged, ClientApp app, PresentedToken presented,
            String subject, Instant now, InvocationRecorder recorder) {
        UserRepository.MergedUser marker = merged
                .filter(m -> m.clientId().equals(app.clientId()) && presented.matches(m.accessTokenHash()))
                .orElseThrow(() -> OAuthException.invalidGrant("unknown access token"));
        Optional<Session> session = users.findSession(marker.sessionId())
                .filter(s -> s.userId().equals(marker.intoUserId()));
        Optional<String> holderSubject = session.isPresent() ? session.map(Session::subject)
                : users.findUser(marker.intoUserId()).map(User::subject);
        if (holderSubject.isEmpty()) {
            throw OAuthException.invalidGrant("unknown access token");
        }
        recorder.identifyUser(marker.intoUserId(), marker.clientId());
        if (!subject.equals(holderSubject.get())) {
            throw new OAuthException(OAuthError.ALREADY_CLAIMED, "the user was merged into another subject's user");
        }
        Optional<IssuedTokens> again = session.flatMap(s -> samePairAgain(presented, s, app, now))
                .map(p -> p.of(marker.intoUserId(), subject).issuedFor(app));
        return new Claimed(marker.intoUserId(), subject, Optional.of(marker.userId()), again);
    }

    private Optional<IssuedTokens> samePairAgain(PresentedToken presented, Session session, ClientApp app, Instant now) {
        if (session.revoked()) {
            return Optional.empty();
        }
        IssuedTokens pair = pairs.derivedFrom(presented, session.sessionId(), session.rotationKey(),
                app.settings().accessTokenLifetime());
        if (!pair.accessToken().matches(session.accessTokenHash())
                || !pair.refreshToken().matches(session.refreshTokenHash())) {
            return Optional.empty();
        }
        return Optional.of(pair.remainingUntil(session.accessTokenExpiresAt(), now));
    }
}
