package dev.anonymousaccess.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One profile per exported function: each test class exercises the function a deployment would run, against
 * moto_server behind the fault-injecting proxy ({@link MotoServer}, started for the profile).
 */
public final class Exports {

    private Exports() {
    }

    private abstract static class Export implements QuarkusTestProfile {
        private final String function;

        Export(String function) {
            this.function = function;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", function);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MotoServer.class));
        }
    }

    public static class Create extends Export {
        public Create() {
            super("create");
        }
    }

    public static class Admin extends Export {
        public Admin() {
            super("admin");
        }
    }

    public static class Authorize extends Export {
        public Authorize() {
            super("authorize");
        }
    }

    /** The authorizer answering HTTP API events in the IAM policy format. */
    public static class AuthorizeIam extends Export {
        public AuthorizeIam() {
            super("authorize");
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "authorize", "anonymous-access.authorizer-http-api-response", "iam");
        }
    }

    public static class Claim extends Export {
        public Claim() {
            super("claim");
        }
    }

    public static class Introspect extends Export {
        public Introspect() {
            super("introspect");
        }
    }

    public static class Me extends Export {
        public Me() {
            super("me");
        }
    }

    public static class Refresh extends Export {
        public Refresh() {
            super("refresh");
        }
    }

    public static class Revoke extends Export {
        public Revoke() {
            super("revoke");
        }
    }

    /** The stream function: the table has a stream, and its records reach the test as Lambda would deliver them. */
    public static class Lifecycle extends Export {
        public Lifecycle() {
            super("lifecycle");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MotoServer.class, Map.of(MotoServer.STREAM, "true")));
        }
    }
}
