package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The refusal codes are a metric dimension that alarms name: exactly those the operations page lists. */
@Tag("rules")
class RefusalCodesTest {

    @Test
    void theCodesAreThoseTheOperationsPageLists() throws IOException {
        String page = Files.readString(Path.of("docs", "operations.md"));
        int start = page.indexOf("`Reason` is one of");
        String paragraph = page.substring(start, page.indexOf("\n\n", start));
        Set<String> documented = new TreeSet<>();
        Matcher code = Pattern.compile("`([a-z_]+)`").matcher(paragraph);
        while (code.find()) {
            documented.add(code.group(1));
        }

        assertEquals(documented, Arrays.stream(Refusal.values()).map(Refusal::code)
                .collect(Collectors.toCollection(TreeSet::new)));
    }
}
