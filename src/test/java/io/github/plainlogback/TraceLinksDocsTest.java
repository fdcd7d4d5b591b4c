package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.compose.TraceLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every template docs/trace-links.md offers is one the appender accepts. */
class TraceLinksDocsTest {
  @Test
  void everyDocumentedTemplateIsAccepted() throws Exception {
    List<String> templates = new ArrayList<>();
    boolean inBlock = false;
    for (String line : Files.readAllLines(Path.of("docs/trace-links.md"))) {
      if (line.startsWith("```")) {
        inBlock = !inBlock;
      } else if (inBlock && line.startsWith("http")) {
        templates.add(line.strip());
      }
    }
    assertThat(templates).hasSizeGreaterThanOrEqualTo(6);
    for (String t : templates) {
      assertThat(TraceLinks.problem(t)).as(t).isNull();
    }
  }
}
