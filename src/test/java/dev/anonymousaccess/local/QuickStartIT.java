package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The README's quick start, run as a reader runs it: every command of its bash blocks in order, against the local
 * API, with the values it tells the reader to copy (an access token, a secret) taken from the answer before, and
 * every answer it shows checked against the real one ({@code …} stands for anything).
 */
@ExtendWith(TestDeployments.class)
class QuickStartIT {

    static final Path README = Path.of("README.md");
    static final Pattern ASSIGNMENT = Pattern.compile("([A-Z]+)=\\S+\\s+#\\s*(.*)");
    static final List<String> COPIED_FIELDS = List.of("access_token", "refresh_token", "clientSecret");

    static LocalDeployment deployment;

    @BeforeAll
    static void start(LocalDeployment shared) {
        deployment = shared;
    }

    /** The commands and comments of the quick start's bash blocks, continued lines joined. */
    static List<String> quickStart() throws IOException {
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("## Quick start"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> lines = new ArrayList<>();
        Matcher blocks = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (blocks.find()) {
            StringBuilder pending = new StringBuilder();
            for (String line : blocks.group(1).split("\n")) {
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1);
                    continue;
                }
                lines.add(pending.append(line).toString().strip());
                pending.setLength(0);
            }
        }
        return lines;
    }

    @Test
    void theQuickStartDoesWhatItSays() throws Exception {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("LAMBDA_PORT", Integer.toString(deployment.lambdaPort()));
        String apiHost = deployment.apiUrl().replace("http://", "");
        String jwtApiHost = deployment.jwtApiUrl().replace("http://", "");
        String lastAnswer = null;
        int commands = 0;
        int checked = 0;
        for (String line : quickStart()) {
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (line.equals("./run-local.sh") || line.isEmpty()) {
                continue; // the deployment this test started
            } else if (assignment.matches()) {
                String field = COPIED_FIELDS.stream().filter(assignment.group(2)::contains).findFirst()
                        .orElseThrow(() -> new AssertionError("which value to copy? " + line));
                JsonNode value = new ObjectMapper().readTree(lastAnswer).findValue(field);
                assertNotNull(value, field + " in " + lastAnswer);
                variables.put(assignment.group(1), value.asText());
            } else if (line.startsWith("#")) {
                String shown = line.substring(1).strip();
                if (shown.startsWith("{")) {
                    shown = shown.substring(0, shown.lastIndexOf('}') + 1);
                    assertTrue(Pattern.compile(Pattern.quote(shown).replace("…", "\\E.*\\Q")).matcher(lastAnswer)
                            .matches(), "the README shows " + shown + " but the answer was " + lastAnswer);
                    checked++;
                }
            } else {
                lastAnswer = run(line.replace("localhost:8080", apiHost).replace("localhost:8081", jwtApiHost),
                        variables);
                commands++;
            }
        }
        assertTrue(commands >= 8 && checked >= 6, commands + " commands, " + checked + " answers checked");
    }

    static String run(String command, Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().putAll(variables);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), command + "\n" + output);
        return output;
    }
}
