package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo web app in headless Chromium against the local API, as {@code ./run-local.sh} serves it (the packaged
 * functions, the template's routes, the authorizer cache in place): from the origin the demo client app allows, the
 * page creates, calls {@code /me}, refreshes and signs out through real CORS preflights; from another origin the
 * browser itself blocks the calls. A wildcard origin ({@code https://*.example.com}) needs https, which this test
 * cannot serve: the origin rules' tests and the function tests cover it.
 *
 * <p>Chromium and its driver come from Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs
 * them). Without them the test is skipped with a message, except in CI ({@code CI} or {@code REQUIRE_BROWSER_TEST}
 * set), where it fails.
 */
@ExtendWith(TestDeployments.class)
class DemoAppBrowserIT {

    static LocalDeployment deployment;
    static StaticSite otherOrigin;
    static WebDriver browser;
    /**
     * The access log's length when this class began: the stack is shared with other end-to-end classes (and a preflight
     * the browser cached in one test of this class is not sent again in the next).
     */
    static int accessLogSeen;

    @BeforeAll
    static void start(LocalDeployment shared) throws IOException {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            browserUnavailable("no " + (Files.isExecutable(chromium) ? driver : chromium)
                    + " (apt-get install chromium chromium-driver, or set CHROMIUM and CHROMEDRIVER)", null);
        }
        deployment = shared;
        accessLogSeen = deployment.accessLog().size();
        otherOrigin = new StaticSite(0, Map.of("/", Path.of("demo"), "/lib/", Path.of("clients", "js", "src")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions");
        try {
            browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                    .usingAnyFreePort().withLogFile(TestDeployments.WORK_DIR.resolve("chromedriver.log").toFile())
                    .build(), options);
        } catch (WebDriverException e) {
            browserUnavailable("Chromium did not start: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    static void browserUnavailable(String why, Throwable cause) {
        boolean required = System.getenv("CI") != null || System.getenv("REQUIRE_BROWSER_TEST") != null;
        if (required) {
            throw new IllegalStateException("the browser test must run in CI, but " + why, cause);
        }
        System.err.println("SKIPPED the demo app browser test: " + why);
        Assumptions.abort("no browser: " + why);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (otherOrigin != null) {
            otherOrigin.close();
        }
    }

    @BeforeEach
    void freshPage() {
        List<String> tabs = new ArrayList<>(browser.getWindowHandles());
        for (String extra : tabs.subList(1, tabs.size())) {
            browser.switchTo().window(extra).close();
        }
        browser.switchTo().window(tabs.get(0));
        open(deployment.siteUrl());
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
        open(deployment.siteUrl());
    }

    void open(String origin) {
        browser.get(origin + "/?api=" + deployment.apiUrl());
        waitFor(() -> ((JavascriptExecutor) browser).executeScript("return window.demo !== undefined"));
    }

    /** The lines the API logged since this class began. */
    static List<String> accessLog() {
        return accessLogSince(accessLogSeen);
    }

    /** The lines the API logged after the first {@code seen}. */
    static List<String> accessLogSince(int seen) {
        List<String> all = deployment.accessLog();
        return all.subList(seen, all.size());
    }

    static void waitFor(java.util.function.Supplier<Object> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(b -> {
            Object value = condition.get();
            return value != null && !Boolean.FALSE.equals(value) ? value : null;
        });
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    /** The page's answer log, oldest first, as "METHOD path status[ error]". */
    static List<String> answers() {
        List<String> newestFirst = new ArrayList<>(browser.findElements(By.cssSelector("#log li")).stream()
                .map(DemoAppBrowserIT::describe).toList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    static String describe(WebElement item) {
        String error = item.getDomAttribute("data-error");
        return item.getDomAttribute("data-method") + " " + item.getDomAttribute("data-path") + " "
                + item.getDomAttribute("data-status") + (error == null ? "" : " " + error);
    }

    static Object script(String asyncScript, Object... arguments) {
        return ((JavascriptExecutor) browser).executeAsyncScript(asyncScript, arguments);
    }

    void startSession() {
        click("start");
        waitFor(() -> "signed in".equals(text("state")));
    }

    @Test
    void fromTheAllowedOriginThePageStartsASessionAndCallsMe() {
        startSession();

        assertFalse(text("user-id").isEmpty());
        assertEquals(DemoClientApp.CLIENT_ID, text("client-id"));
        assertEquals(List.of("POST /auth/anonymous/create 200", "GET /me 200"), answers());
        // The browser preflights both (JSON body; Authorization header), once per URL for the max-age.
        assertTrue(accessLog().stream().anyMatch(l -> l.startsWith("OPTIONS /auth/anonymous/create 204")),
                accessLog().toString());
        assertTrue(accessLog().stream().anyMatch(l -> l.startsWith("OPTIONS /me 204")),
                accessLog().toString());
    }

    @Test
    void refreshingKeepsTheSameUser() {
        startSession();
        String user = text("user-id");
        String before = accessToken();

        click("refresh");
        waitFor(() -> answers().size() >= 4);

        assertEquals(List.of("POST /auth/anonymous/create 200", "GET /me 200", "POST /auth/anonymous/refresh 200",
                "GET /me 200"), answers());
        assertEquals(user, text("user-id"));
        assertNotEquals(before, accessToken());
    }

    static String accessToken() {
        return (String) storedTokens().get("access_token");
    }

    /** Where the client library keeps the demo app's tokens in {@code localStorage}. */
    static final String TOKENS_KEY = "anonymous-access." + DemoClientApp.CLIENT_ID;

    /** The tokens the client library keeps in this tab's localStorage, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> storedTokens() {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "return JSON.parse(localStorage.getItem(arguments[0]))", TOKENS_KEY);
    }

    /** Makes the stored access token expire {@code millis} from now, as this tab's library sees it. */
    static void storedAccessTokenExpiresIn(long millis) {
        ((JavascriptExecutor) browser).executeScript("""
                const tokens = JSON.parse(localStorage.getItem(arguments[0]));
                tokens.expires_at = Date.now() + arguments[1];
                localStorage.setItem(arguments[0], JSON.stringify(tokens));
                """, TOKENS_KEY, millis);
    }

    @Test
    void signingOutRevokesTheTokensAndTheirRefreshIsRefusedInThePage() {
        startSession();
        String refreshToken = (String) storedTokens().get("refresh_token");

        click("signout");
        waitFor(() -> "signed out".equals(text("state")));
        Object refused = script("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0] + '/auth/anonymous/refresh', {method: 'POST',
                    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({refresh_token: arguments[1]})})
                  .then(r => r.json().then(b => done(r.status + ' ' + b.error)), e => done('blocked ' + e));
                """, deployment.apiUrl(), refreshToken);

        assertEquals("POST /auth/anonymous/revoke 200", answers().get(2));
        assertEquals("400 invalid_grant", refused);
        assertEquals(null, storedTokens());
    }

    @Test
    void concurrentRefreshesOfOnePageRefreshOnce() {
        startSession();
        String user = text("user-id");

        Object result = script("""
                const done = arguments[arguments.length - 1];
                const session = window.demo.session;
                Promise.all([session.refresh(), session.refresh(), session.refresh()])
                  .then(all => session.fetch(arguments[0] + '/me'))
                  .then(r => r.json().then(body => done(r.status + ' ' + body.userId)), e => done('failed ' + e));
                """, deployment.apiUrl());

        assertEquals("200 " + user, result);
        assertEquals(1, answers().stream().filter(a -> a.startsWith("POST /auth/anonymous/refresh")).count(),
                answers().toString());
        assertTrue(answers().stream().noneMatch(a -> a.contains("invalid_grant")), answers().toString());
    }

    @Test
    void anAccessTokenAboutToExpireIsRefreshedBeforeTheCall() {
        startSession();
        String user = text("user-id");
        storedAccessTokenExpiresIn(30_000);

        click("me");
        waitFor(() -> answers().size() >= 4);

        assertEquals(List.of("POST /auth/anonymous/create 200", "GET /me 200", "POST /auth/anonymous/refresh 200",
                "GET /me 200"), answers());
        assertEquals(user, text("user-id"));
    }

    @Test
    void aSecondTabSharesTheSessionOfTheFirst() {
        startSession();
        String user = text("user-id");

        browser.switchTo().newWindow(WindowType.TAB);
        open(deployment.siteUrl());
        click("start");
        waitFor(() -> "signed in".equals(text("state")));

        assertEquals(user, text("user-id"));
        assertEquals(List.of("GET /me 200"), answers(), "the second tab must not create another user");
    }

    @Test
    void aRevokedUserIsShownTheErrorAndStartsOverAsANewUser() {
        startSession();
        String user = text("user-id");
        LambdaFunction.Invocation revoked = deployment.invoke("admin",
                "{\"action\":\"revokeUser\",\"userId\":\"" + user + "\"}");
        assertTrue(revoked.ok(), revoked.payload());

        click("refresh");
        waitFor(() -> !text("user-id").equals(user) && "signed in".equals(text("state")));

        assertEquals(List.of("POST /auth/anonymous/create 200", "GET /me 200",
                "POST /auth/anonymous/refresh 400 invalid_grant", "POST /auth/anonymous/create 200", "GET /me 200"),
                answers());
        assertTrue(browser.findElement(By.cssSelector("#log li[data-error=invalid_grant]")).getText()
                .contains("invalid_grant"), "the page must show the error answer");
    }

    @Test
    void fromAnOriginTheClientAppDoesNotAllowTheBrowserBlocksTheCalls() {
        String notAllowed = "http://127.0.0.1:" + otherOrigin.port();
        open(notAllowed);
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");

        click("start");
        waitFor(() -> text("state").startsWith("error"));

        assertEquals(List.of("POST /auth/anonymous/create blocked"), answers());
        assertTrue(text("state").contains("blocked"), text("state"));
        assertTrue(accessLog().stream().anyMatch(l -> l.startsWith("OPTIONS /auth/anonymous/create 403")),
                "the API must have refused the preflight: " + accessLog());
    }

    /**
     * Opens {@code count} more tabs of the demo page (the first tab is open already) with {@code query} added to its
     * URL; returns every tab's handle.
     */
    static List<String> tabs(int count, String query) {
        for (int i = 0; i < count; i++) {
            browser.switchTo().newWindow(WindowType.TAB);
            browser.get(deployment.siteUrl() + "/?api=" + deployment.apiUrl() + query);
            waitFor(() -> ((JavascriptExecutor) browser).executeScript("return window.demo !== undefined"));
        }
        return new ArrayList<>(browser.getWindowHandles());
    }

    @Test
    void fiveTabsWithAnExpiredAccessTokenCallingAtOnceRefreshOnceAndAllGet200() {
        startSession();
        String user = text("user-id");
        // No refresh timers: the calls themselves find the token expired.
        browser.get(deployment.siteUrl() + "/?api=" + deployment.apiUrl() + "&autoRefresh=off");
        List<String> tabs = tabs(4, "&autoRefresh=off");
        browser.switchTo().window(tabs.get(0));
        storedAccessTokenExpiresIn(-1000);
        long refreshesBefore = refreshesAnswered();
        // Every tab calls the API at the same moment, each from its own timer.
        long at = System.currentTimeMillis() + 1500;
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            ((JavascriptExecutor) browser).executeScript("""
                    window.result = null;
                    setTimeout(() => window.demo.session.fetch(arguments[0] + '/me')
                        .then(r => r.json().then(b => { window.result = r.status + ' ' + b.userId; }))
                        .catch(e => { window.result = 'failed ' + e; }), arguments[1] - Date.now());
                    """, deployment.apiUrl(), at);
        }

        List<Object> results = new ArrayList<>();
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            waitFor(() -> ((JavascriptExecutor) browser).executeScript("return window.result"));
            results.add(((JavascriptExecutor) browser).executeScript("return window.result"));
        }

        assertEquals(Collections.nCopies(5, "200 " + user), results);
        assertEquals(1, refreshesAnswered() - refreshesBefore,
                "one refresh for all five tabs: " + accessLog());
    }

    static long refreshesAnswered() {
        return accessLog().stream().filter(l -> l.startsWith("POST /auth/anonymous/refresh ")).count();
    }

    @Test
    void signingOutInOneTabSignsOutEveryTab() {
        startSession();
        List<String> tabs = tabs(2, "");
        browser.switchTo().window(tabs.get(2));

        click("signout");
        waitFor(() -> "signed out".equals(text("state")));

        for (String tab : tabs.subList(0, 2)) {
            browser.switchTo().window(tab);
            waitFor(() -> "not signed in".equals(text("state")));
            assertEquals(null, storedTokens());
            assertEquals("", text("user-id"));
        }
    }

    @Test
    void theClientLibrarysOwnTestsPassAgainstThisLocalApi() throws Exception {
        Path library = Path.of("clients", "js");
        if (!Files.isDirectory(library.resolve("node_modules"))) {
            run(library, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        }
        // The demo app's backend secret, for the test that plays the app's backend claiming and merging users.
        LambdaFunction.Invocation issued = deployment.invoke("admin",
                "{\"action\":\"rotateClientSecret\",\"clientId\":\"" + DemoClientApp.CLIENT_ID + "\"}");
        assertTrue(issued.ok(), issued.payload());
        String secret = new ObjectMapper().readTree(issued.payload()).get("clientSecret").asText();
        int seen = deployment.accessLog().size();
        String output = run(library, Map.of("ANONYMOUS_ACCESS_API", deployment.apiUrl(), "ANONYMOUS_ACCESS_CLIENT_ID",
                DemoClientApp.CLIENT_ID, "ANONYMOUS_ACCESS_CLIENT_SECRET", secret, "ANONYMOUS_ACCESS_JWT_CLIENT_ID",
                DemoClientApp.JWT_CLIENT_ID, "ANONYMOUS_ACCESS_JWT_API", deployment.jwtApiUrl()), "npm", "test");

        assertTrue(output.contains("# fail 0") && output.contains("# skipped 0"), output);
        List<String> answered = accessLogSince(seen);
        assertTrue(answered.stream().anyMatch(l -> l.startsWith("POST /auth/anonymous/revoke 200")),
                "the library's tests reached this local API: " + answered);
        assertTrue(answered.stream().anyMatch(l -> l.startsWith("POST /oauth/token 200")),
                "oauth4webapi refreshed through the token endpoint: " + answered);
        assertTrue(answered.stream().anyMatch(l -> l.startsWith("POST /oauth/introspect 200")),
                "oauth4webapi introspected through the introspection endpoint: " + answered);
        assertTrue(answered.stream().anyMatch(l -> l.startsWith("GET /me 401")),
                "the JWT authorizer refused the forgeries: " + answered);
    }

    /** Runs a command (Node's npm) in {@code directory}; fails the test with its output unless it exits 0. */
    static String run(Path directory, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            browserUnavailable("no " + command[0] + " (install Node.js 20+ and npm)", e);
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
