package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout is the architecture: internal stages import only stages further down the pipeline, and
 * none imports Logback.
 */
class ArchitectureTest {
  /** Each stage may import only the ones after it. {@code status} is a leaf anyone may use. */
  private static final List<String> ORDER =
      List.of("admission", "delivery", "spool", "plain", "compose", "grouping", "report", "status");

  private static final Path INTERNAL = Path.of("src/main/java/io/github/plainlogback/internal");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?io\\.github\\.plainlogback\\.internal\\.(\\w+)\\.",
          Pattern.MULTILINE);

  @Test
  void internalStagesImportOnlyDownstreamAndNeverLogback() throws IOException {
    List<String> violations = new ArrayList<>();
    List<String> stages = new ArrayList<>();
    try (Stream<Path> files = Files.walk(INTERNAL)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (file.getNameCount() == INTERNAL.getNameCount() + 1) {
          violations.add(file + " sits in internal itself, outside every stage");
          continue;
        }
        String stage = INTERNAL.relativize(file).getName(0).toString();
        if (!stages.contains(stage)) {
          stages.add(stage);
        }
        String source = Files.readString(file);
        if (source.contains("import ch.qos.logback") || source.contains("import org.slf4j")) {
          violations.add(file + " imports Logback or SLF4J");
        }
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
          String target = m.group(1);
          if (!target.equals(stage) && ORDER.indexOf(target) <= ORDER.indexOf(stage)) {
            violations.add(file.getFileName() + " (" + stage + ") imports " + target);
          }
        }
      }
    }
    assertThat(stages).as("every stage has its place in the order").allMatch(ORDER::contains);
    assertThat(violations).isEmpty();
  }
}
