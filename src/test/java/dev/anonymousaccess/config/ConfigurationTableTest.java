package dev.anonymousaccess.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.anonymousaccess.observability.MetricsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * docs/configuration.md's table is the one place that ties template parameters, environment variables, properties and
 * their defaults together: this test fails when it drifts from template.yaml, the {@code @ConfigMapping} interfaces or
 * application.properties.
 */
@Tag("rules")
class ConfigurationTableTest {

    static final String NONE = "—";
    static final Pattern BINDING = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    record Row(String parameter, String templateDefault, String env, String property, String propertyDefault) {
    }

    static List<Row> rows;
    static JsonNode template;
    static Properties properties;

    @BeforeAll
    static void read() throws IOException {
        rows = table(Files.readString(Path.of("docs", "configuration.md")));
        template = new YAMLMapper().readTree(Path.of("template.yaml").toFile());
        properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"))) {
            properties.load(reader);
        }
    }

    static List<Row> table(String markdown) {
        String block = markdown.substring(markdown.indexOf("<!-- configuration-table:start -->"),
                markdown.indexOf("<!-- configuration-table:end -->"));
        List<Row> found = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| template parameter")) {
                continue;
            }
            String[] cells = line.split("\\|");
            found.add(new Row(cell(cells[1]), cell(cells[2]), cell(cells[3]), cell(cells[4]), cell(cells[5])));
        }
        return found;
    }

    /** A cell's value: its code span's text, {@code ""} for an empty string, or {@link #NONE}. */
    static String cell(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("—")) {
            return NONE;
        }
        String value = trimmed.startsWith("`") ? trimmed.substring(1, trimmed.indexOf('`', 1)) : trimmed;
        return value.equals("\"\"") ? "" : value;
    }

    static Row rowOfParameter(String parameter) {
        return rows.stream().filter(r -> r.parameter().equals(parameter)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/configuration.md has no row for parameter " + parameter));
    }

    static Row rowOfEnv(String env) {
        return rows.stream().filter(r -> r.env().equals(env)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/configuration.md has no row for variable " + env));
    }

    @Test
    void everyTemplateParameterHasOneRowWithTheTemplatesDefault() {
        Set<String> parameters = new TreeSet<>();
        template.get("Parameters").fieldNames().forEachRemaining(parameters::add);
        Set<String> documented = new TreeSet<>();
        rows.stream().map(Row::parameter).filter(p -> !p.equals(NONE)).forEach(documented::add);

        assertEquals(parameters, documented);
        for (String parameter : parameters) {
            assertEquals(template.get("Parameters").get(parameter).get("Default").asText(),
                    rowOfParameter(parameter).templateDefault(), parameter);
        }
    }

    @Test
    void everyVariableTheTemplateSetsForAllFunctionsIsTheOneItsRowNames() {
        JsonNode variables = template.at("/Globals/Function/Environment/Variables");
        List<String> checked = new ArrayList<>();
        variables.fields().forEachRemaining(variable -> {
            String value = variable.getValue().asText();
            Matcher sub = BINDING.matcher(value);
            String parameter = sub.find() ? sub.group(1) : value;
            if (template.get("Parameters").has(parameter)) {
                assertEquals(variable.getKey(), rowOfParameter(parameter).env(), parameter + " sets");
                checked.add(variable.getKey());
            } else if (!variable.getKey().equals("DISABLE_SIGNAL_HANDLERS")) {
                assertNotNull(rowOfEnv(variable.getKey()));
                checked.add(variable.getKey());
            }
        });
        assertTrue(checked.contains("TABLE_NAME") && checked.contains("ANONYMOUS_ACCESS_SIGNUP_WINDOW"),
                checked.toString());
    }

    @Test
    void everyMappedPropertyHasARowWithItsDefault() {
        Map<String, String> mapped = new LinkedHashMap<>();
        collect(AnonymousAccessConfig.class, "anonymous-access", mapped);
        collect(MetricsConfig.class, "anonymous-access.metrics", mapped);

        for (Map.Entry<String, String> property : mapped.entrySet()) {
            Row row = rows.stream().filter(r -> r.property().equals(property.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("docs/configuration.md has no row for " + property.getKey()));
            assertEquals(property.getValue(), row.propertyDefault(), property.getKey());
        }
        assertTrue(mapped.size() >= 17, mapped.keySet().toString());
    }

    @Test
    void everyPropertyInTheTableIsSetWhereItsRowSays() {
        for (Row row : rows) {
            if (row.property().equals(NONE)) {
                continue;
            }
            String value = properties.getProperty(row.property());
            if (value != null) {
                assertEquals(defaultOf(value), row.propertyDefault(), row.property());
            }
            String env = row.property().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            String expected = value != null && value.startsWith("${") ? value.substring(2, value.indexOf(':')) : env;
            assertEquals(expected, row.env(), row.property() + " is read from");
        }
    }

    /** A property's default as application.properties gives it: {@code ${VARIABLE:default}} defaults to default. */
    static String defaultOf(String value) {
        Matcher expression = Pattern.compile("(.*)\\$\\{[A-Z_]+:([^}]*)}(.*)").matcher(value);
        return expression.matches() ? expression.group(1) + expression.group(2) + expression.group(3) : value;
    }

    /** Every property of a {@code @ConfigMapping} interface, with its default ({@code @WithDefault} or the file's). */
    static void collect(Class<?> mapping, String prefix, Map<String, String> into) {
        Map<String, String> found = new HashMap<>();
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            boolean nested = type.isInterface() && type.getEnclosingClass() == mapping;
            if (nested && !type.isAnnotationPresent(ConfigMapping.class)) {
                collect(type, name, into);
                continue;
            }
            if (type.isAnnotationPresent(ConfigMapping.class)) {
                continue;
            }
            WithDefault annotated = method.getAnnotation(WithDefault.class);
            String fileDefault = properties.getProperty(name);
            found.put(name, annotated != null ? annotated.value()
                    : fileDefault == null ? NONE : defaultOf(fileDefault));
        }
        into.putAll(found);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
