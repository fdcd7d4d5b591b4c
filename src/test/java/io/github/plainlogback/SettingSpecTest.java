package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The XML elements behave as {@link SettingSpec} declares (every setter declared, every default and
 * bound as listed), and docs/settings.md lists the same settings with the same defaults and bounds.
 */
class SettingSpecTest {
  private LoggingFixture logging;

  @AfterEach
  void stop() {
    if (logging != null) {
      logging.close();
    }
  }

  static String capitalized(SettingSpec s) {
    return Character.toUpperCase(s.element().charAt(0)) + s.element().substring(1);
  }

  /** Public one-argument setters and adders of the appender and its settings class. */
  private static Map<String, Method> elementMethods() {
    Map<String, Method> methods = new LinkedHashMap<>();
    for (Class<?> c = PlainThreadAppender.class;
        c.getPackageName().equals(PlainThreadAppender.class.getPackageName());
        c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())
            && m.getParameterCount() == 1
            && (m.getName().startsWith("set") || m.getName().startsWith("add"))) {
          methods.put(m.getName(), m);
        }
      }
    }
    return methods;
  }

  private static Class<?> parameterType(SettingSpec s) {
    return switch (s.kind()) {
      case STRING -> String.class;
      case INT -> int.class;
      case BOOLEAN -> boolean.class;
      case DURATION -> Duration.class;
      case FILE_SIZE -> FileSize.class;
      case REPEATED -> s == SettingSpec.THREAD_FIELD ? ThreadField.class : String.class;
    };
  }

  @Test
  void everyXmlElementIsDeclaredAndEveryDeclaredSettingIsAnElement() {
    Set<String> expected = new TreeSet<>();
    for (SettingSpec s : SettingSpec.values()) {
      String name = (s.kind() == SettingSpec.Kind.REPEATED ? "add" : "set") + capitalized(s);
      expected.add(name);
      Method m = elementMethods().get(name);
      assertThat(m).as("<%s> has its %s", s.element(), name).isNotNull();
      assertThat(m.getParameterTypes()[0]).as(name).isEqualTo(parameterType(s));
    }
    Set<String> actual = new TreeSet<>(elementMethods().keySet());
    actual.remove("setName"); // Logback's appender name, not a setting of ours
    actual.remove("setContext");
    assertThat(actual).as("every public setter is declared in SettingSpec").isEqualTo(expected);
  }

  @Test
  void aFreshAppenderHasTheDeclaredDefaults() throws Exception {
    PlainThreadAppender fresh = new PlainThreadAppender();
    for (SettingSpec s : SettingSpec.values()) {
      if (s == SettingSpec.API_KEY || s == SettingSpec.THREAD_FIELD) {
        continue; // no getter: the key is never read back, fields are checked below
      }
      Object actual = getter(s).invoke(fresh);
      String d = s.defaultValue();
      switch (s.kind()) {
        case DURATION ->
            assertThat(((Duration) actual).getMilliseconds())
                .as(s.element())
                .isEqualTo(Duration.valueOf(d).getMilliseconds());
        case FILE_SIZE ->
            assertThat(((FileSize) actual).getSize())
                .as(s.element())
                .isEqualTo(FileSize.valueOf(d).getSize());
        case REPEATED -> assertThat((List<?>) actual).as(s.element()).isEmpty();
        default ->
            assertThat(actual == null ? null : String.valueOf(actual)).as(s.element()).isEqualTo(d);
      }
    }
  }

  private static Method getter(SettingSpec s) throws NoSuchMethodException {
    String base =
        switch (s) {
          case LABEL_TYPE_ID -> "LabelTypeIds";
          case REDACT -> "RedactPatterns";
          case APP_PACKAGE -> "AppPackages";
          default -> capitalized(s);
        };
    try {
      return PlainThreadAppender.class.getMethod(
          (s.kind() == SettingSpec.Kind.BOOLEAN ? "is" : "get") + base);
    } catch (NoSuchMethodException e) {
      return PlainThreadAppender.class.getMethod("get" + base);
    }
  }

  /** The element's text for {@code value} in the kind's unit. */
  private static String text(SettingSpec s, long value) {
    return switch (s.kind()) {
      case DURATION -> value + " milliseconds";
      case STRING -> "x".repeat((int) value);
      default -> String.valueOf(value);
    };
  }

  static Stream<Arguments> bounds() {
    List<Arguments> cases = new ArrayList<>();
    for (SettingSpec s : SettingSpec.values()) {
      if (s.min() != null && s.kind() != SettingSpec.Kind.STRING) {
        cases.add(Arguments.of(s, s.min(), true));
        cases.add(Arguments.of(s, s.min() - 1, false));
      }
      if (s.max() != null) {
        cases.add(Arguments.of(s, s.max(), true));
        cases.add(Arguments.of(s, s.max() + 1, false));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "<{0}> {1}: accepted {2}")
  @MethodSource("bounds")
  void theDeclaredBoundsAreWhatStartAccepts(SettingSpec s, long value, boolean accepted) {
    String element = "<" + s.element() + ">" + text(s, value) + "</" + s.element() + ">";
    logging =
        LoggingFixture.configure(
            LoggingFixture.config("<dryRun>true</dryRun>" + element), Map.of());
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isEqualTo(accepted);
    if (!accepted) {
      assertThat(logging.statuses(Status.ERROR))
          .as("the error names the element")
          .anyMatch(m -> m.startsWith("<" + s.element() + ">"));
    }
  }

  /** docs/settings.md's table: element -> [default, meaning]. */
  static Map<String, String[]> docsTable() throws Exception {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("docs/settings.md"))) {
      if (line.startsWith("| `")) {
        String[] cells =
            Arrays.stream(line.split(" \\| ")).map(String::strip).toArray(String[]::new);
        rows.put(cells[0].replace("| ", "").replace("`", ""), new String[] {cells[1], cells[2]});
      }
    }
    return rows;
  }

  @Test
  void theDocsTableListsEverySettingWithItsDefaultAndBounds() throws Exception {
    Map<String, String[]> docs = docsTable();
    assertThat(docs.keySet())
        .as("docs/settings.md lists exactly the declared settings")
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(SettingSpec.values())
                .map(SettingSpec::element)
                .collect(Collectors.toList()));
    for (SettingSpec s : SettingSpec.values()) {
      String[] row = docs.get(s.element());
      if (s.defaultValue() == null) {
        assertThat(row[0]).as("default of %s", s.element()).doesNotStartWith("`");
      } else {
        assertThat(row[0]).as("default of %s", s.element()).isEqualTo("`" + s.defaultValue() + "`");
      }
      if (s.max() != null && s.kind() != SettingSpec.Kind.BOOLEAN && s != SettingSpec.PRIORITY) {
        assertThat(row[1])
            .as("the docs give the bound of %s", s.element())
            .containsAnyOf(said(s, s.max()));
      }
    }
  }

  /** How the docs may write a bound. */
  private static String[] said(SettingSpec s, long value) {
    return switch (s.kind()) {
      case DURATION -> new String[] {human(java.time.Duration.ofMillis(value))};
      case FILE_SIZE -> new String[] {value / (1024 * 1024 * 1024) + " GB"};
      case STRING -> new String[] {"at most " + value + " characters"};
      default -> new String[] {" " + value, String.format("%,d", value)};
    };
  }

  private static String human(java.time.Duration d) {
    if (d.toDays() > 0 && d.toHours() % 24 == 0) {
      return d.toDays() == 1 ? "1 day" : d.toDays() + " days";
    }
    if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
      return d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
    }
    return d.toMinutes() + " minutes";
  }
}
