package dev.anonymousaccess.authorizer;

import java.util.Optional;

/**
 * Widens a method or route ARN ({@code arn:aws:execute-api:region:account:apiId/stage/VERB/path}) to the whole stage
 * ({@code .../apiId/stage/*}{@code /*}): API Gateway caches an authorizer's policy per token, and a policy for just
 * the first route would wrongly deny the user's next route.
 */
public final class ApiStageArn {

    private ApiStageArn() {
    }

    /** The stage-wide ARN, or empty when {@code arn} is not an execute-api method or route ARN. */
    public static Optional<String> of(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"execute-api".equals(parts[2])) {
            return Optional.empty();
        }
        String[] path = parts[5].split("/", 3);
        if (path.length < 3 || path[0].isEmpty() || path[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4]) + ":" + path[0] + "/"
                + path[1] + "/*/*");
    }
}
