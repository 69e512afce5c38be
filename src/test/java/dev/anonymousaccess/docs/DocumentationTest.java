package dev.anonymousaccess.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** README.md and docs/: the links lead somewhere, the commands name what exists, and the pages speak of the present. */
@Tag("rules")
class DocumentationTest {

    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    static final Pattern SCRIPT = Pattern.compile("(?:bash |\\./)((?:\\.ci/|run-local\\.sh|mvnw)[A-Za-z0-9_./-]*)");
    static final Pattern TEST_CLASS = Pattern.compile("-Dtest=([A-Z][A-Za-z0-9]+)");
    static final Pattern NAMED_TEST_CLASS = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT|Suite))`");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces become hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(markdown.replaceAll("(?s)```.*?```", ""));
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            String text = Files.readString(page);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                checked++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (anchor != null && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked >= 15, "links checked: " + checked);
    }

    /** The simple names of the classes under {@code src/test/java}. */
    static Set<String> testClasses() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src", "test", "java"))) {
            return sources.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".java"))
                    .map(name -> name.substring(0, name.length() - ".java".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyScriptAndTestClassTheDocsRunExists() throws IOException {
        Set<String> testClasses = testClasses();
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            Matcher script = SCRIPT.matcher(text);
            while (script.find()) {
                String path = script.group(1).replaceAll("[.,;:]$", "");
                if (!Files.exists(Path.of(path))) {
                    missing.add(page + ": " + path);
                }
            }
            Matcher test = TEST_CLASS.matcher(text);
            while (test.find()) {
                if (!testClasses.contains(test.group(1))) {
                    missing.add(page + ": test class " + test.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyTestClassThePagesNameExists() throws IOException {
        Set<String> classes = testClasses();
        List<Path> pages = new ArrayList<>(pages());
        pages.add(Path.of("clients", "js", "README.md"));
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (Path page : pages) {
            Matcher test = NAMED_TEST_CLASS.matcher(Files.readString(page));
            while (test.find()) {
                named++;
                if (!classes.contains(test.group(1))) {
                    missing.add(page + ": " + test.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(named >= 20, "test classes named: " + named);
    }

    @Test
    void theDocsDescribeTheProductAsItIsNotItsHistory() throws IOException {
        Pattern history = Pattern.compile("(?i)\\bissue[s]? #?\\d+|\\bbefore this change|\\bsession of\\b");
        List<String> found = new ArrayList<>();
        for (Path page : pages()) {
            Matcher matcher = history.matcher(Files.readString(page));
            while (matcher.find()) {
                found.add(page + ": " + matcher.group());
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theReadmeIsAFrontDoorNotAManual() throws IOException {
        long lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= 300, "README.md has " + lines + " lines");
    }
}
