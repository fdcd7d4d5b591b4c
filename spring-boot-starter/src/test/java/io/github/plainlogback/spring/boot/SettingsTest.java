package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.SettingSpec;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * plain.logback.* covers every setting of PlainThreadAppender, with the appender's defaults, and
 * the generated configuration metadata documents each one.
 */
class SettingsTest {
  /** The repeatable XML elements, whose properties are lists. */
  private static final Map<String, String> ADDERS =
      Map.of(
          "addLabelTypeId", "label-type-ids",
          "addThreadField", "thread-fields",
          "addRedact", "redact-patterns",
          "addAppPackage", "app-packages");

  /** Every public setter and adder PlainThreadAppender declares, as a plain.logback property. */
  static Set<String> appenderSettings() {
    Set<String> names = new TreeSet<>();
    for (Method m : appenderMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 1) {
        continue;
      }
      if (m.getName().startsWith("set")) {
        names.add(kebab(m.getName().substring(3)));
      } else if (m.getName().startsWith("add")) {
        assertThat(ADDERS).as("a new repeatable setting: map it").containsKey(m.getName());
        names.add(ADDERS.get(m.getName()));
      }
    }
    return names;
  }

  /** The methods of PlainThreadAppender and of the settings class it inherits its elements from. */
  private static List<Method> appenderMethods() {
    List<Method> methods = new ArrayList<>();
    for (Class<?> c = PlainThreadAppender.class;
        c.getPackageName().equals(PlainThreadAppender.class.getPackageName());
        c = c.getSuperclass()) {
      methods.addAll(List.of(c.getDeclaredMethods()));
    }
    return methods;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }

  /** The plain.logback property of a declared setting: kebab case, repeatable ones a list. */
  static String property(SettingSpec s) {
    if (s.kind() == SettingSpec.Kind.REPEATED) {
      String adder =
          "add" + Character.toUpperCase(s.element().charAt(0)) + s.element().substring(1);
      return ADDERS.get(adder);
    }
    return kebab(s.element());
  }

  @Test
  void thePropertiesAreTheDeclaredSettings() {
    Set<String> declared = new TreeSet<>();
    for (SettingSpec s : SettingSpec.values()) {
      declared.add(property(s));
    }
    assertThat(declared)
        .as("SettingSpec and the appender's setters name the same settings")
        .isEqualTo(appenderSettings());
  }

  @Test
  void theMetadataListsAndDescribesEverySettingOfTheAppender() throws Exception {
    JsonNode metadata;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-configuration-metadata.json on the classpath").isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    Map<String, JsonNode> properties = new HashMap<>();
    metadata.path("properties").forEach(p -> properties.put(p.path("name").asText(), p));
    PlainLogbackProperties unset = new PlainLogbackProperties();
    for (SettingSpec s : SettingSpec.values()) {
      String name = "plain.logback." + property(s);
      JsonNode p = properties.get(name);
      assertThat(p).as(name + " in the metadata").isNotNull();
      assertThat(p.path("description").asText()).as(name + " has a description").isNotBlank();
      JsonNode d = p.path("defaultValue");
      if (s.kind() == SettingSpec.Kind.REPEATED) {
        continue; // empty lists
      }
      if (d.isMissingNode() || d.isNull()) {
        // No default in the metadata: the property must be unset, so the appender keeps its own.
        Object value = getter(s).invoke(unset);
        assertThat(value).as(name + " has no default, so it is unset").isNull();
        continue;
      }
      assertThat(s.defaultValue()).as(name + " has a default, so the appender has one").isNotNull();
      switch (s.kind()) {
        case DURATION ->
            assertThat(DurationStyle.detectAndParse(d.asText()).toMillis())
                .as("default of " + name)
                .isEqualTo(
                    ch.qos.logback.core.util.Duration.valueOf(s.defaultValue()).getMilliseconds());
        case FILE_SIZE ->
            assertThat(DataSize.parse(d.asText().replace(" ", "")).toBytes())
                .as("default of " + name)
                .isEqualTo(ch.qos.logback.core.util.FileSize.valueOf(s.defaultValue()).getSize());
        default -> assertThat(d.asText()).as("default of " + name).isEqualTo(s.defaultValue());
      }
    }
    assertThat(properties).containsKeys("plain.logback.enabled", "plain.logback.customer-filter");
  }

  /** The metadata says what the appender does in dry run: nothing is sent, whatever api-url is. */
  @Test
  void theDryRunDescriptionAgreesWithTheAppender() throws Exception {
    JsonNode metadata;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    String dryRun = "";
    for (JsonNode p : metadata.path("properties")) {
      if (p.path("name").asText().equals("plain.logback.dry-run")) {
        dryRun = p.path("description").asText();
      }
    }
    assertThat(dryRun)
        .contains("whatever api-url says")
        .doesNotContainIgnoringCase("loopback api-url (the local inbox) deliver");
  }

  private static Method getter(SettingSpec s) throws NoSuchMethodException {
    String base = Character.toUpperCase(s.element().charAt(0)) + s.element().substring(1);
    try {
      return PlainLogbackProperties.class.getMethod("get" + base);
    } catch (NoSuchMethodException e) {
      return PlainLogbackProperties.class.getMethod("is" + base);
    }
  }

  @Test
  void unsetPropertiesGiveTheAppenderExactlyItsOwnDefaults() throws Exception {
    PlainThreadAppender fromDefaults = AppenderSettings.newAppender(new PlainLogbackProperties());
    PlainThreadAppender fresh = new PlainThreadAppender();
    for (Method getter : appenderMethods()) {
      String n = getter.getName();
      if (!Modifier.isPublic(getter.getModifiers())
          || getter.getParameterCount() != 0
          || !(n.startsWith("get") || n.startsWith("is"))
          || n.equals("getCounters")) {
        continue;
      }
      assertThat(String.valueOf(getter.invoke(fromDefaults)))
          .as(n)
          .isEqualTo(String.valueOf(getter.invoke(fresh)));
    }
  }

  @Test
  void everyPropertyReachesTheAppender() throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("plain.logback.api-url", "http://127.0.0.1:9/graphql/v1");
    values.put("plain.logback.customer-email-mdc-key", "email");
    values.put("plain.logback.customer-name-mdc-key", "fullName");
    values.put("plain.logback.label-type-ids[0]", "lt_1");
    values.put("plain.logback.title", "Bug");
    values.put("plain.logback.priority", "1");
    values.put("plain.logback.dedupe-window", "2h");
    values.put("plain.logback.dedupe-max-entries", "11");
    values.put("plain.logback.max-threads-per-minute", "12");
    values.put("plain.logback.max-threads-per-customer-per-hour", "13");
    values.put("plain.logback.queue-size", "14");
    values.put("plain.logback.shutdown-timeout", "15s");
    values.put("plain.logback.connect-timeout", "16s");
    values.put("plain.logback.request-timeout", "17s");
    values.put("plain.logback.max-retries", "18");
    values.put("plain.logback.auth-failure-backoff", "19m");
    values.put("plain.logback.recurrence-interval", "20m");
    values.put("plain.logback.breadcrumbs", "21");
    values.put("plain.logback.redact-defaults", "false");
    values.put("plain.logback.redact-patterns[0]", "secret-\\d+");
    values.put("plain.logback.app-packages[0]", "com.example");
    values.put("plain.logback.fingerprint-mdc-key", "fp");
    values.put("plain.logback.dry-run", "true");
    values.put("plain.logback.inbox-url", "http://127.0.0.1:4780/graphql/v1");
    values.put("plain.logback.request-id-mdc-key", "traceId");
    values.put("plain.logback.spool-directory", "/tmp/plain-spool");
    values.put("plain.logback.spool-max-size", "3MB");
    Map<String, String> issue19 = new java.util.LinkedHashMap<>();
    issue19.put("fingerprint-thread-field", "bug_fp");
    issue19.put("trace-id-mdc-keys", "t1,t2");
    issue19.put("span-id-mdc-keys", "s1");
    issue19.put("trace-url-template", "https://t.example.com/{traceId}");
    issue19.put("logs-url-template", "https://l.example.com/?q={traceId}");
    issue19.put("service-name", "shop");
    issue19.put("service-version", "2.4.1");
    issue19.put("environment", "production");
    issue19.put("service-thread-field", "svc");
    issue19.put("version-thread-field", "rel");
    issue19.put("environment-thread-field", "env");
    issue19.forEach((k, v) -> values.put("plain.logback." + k, v));
    values.put("plain.logback.link-time-window", "7m");
    PlainLogbackProperties p =
        new Binder(new MapConfigurationPropertySource(values))
            .bind("plain.logback", PlainLogbackProperties.class)
            .get();
    PlainThreadAppender a = AppenderSettings.newAppender(p);
    assertThat(a.getApiUrl()).isEqualTo("http://127.0.0.1:9/graphql/v1");
    assertThat(a.getCustomerEmailMdcKey()).isEqualTo("email");
    assertThat(a.getCustomerNameMdcKey()).isEqualTo("fullName");
    assertThat(a.getLabelTypeIds()).containsExactly("lt_1");
    assertThat(a.getTitle()).isEqualTo("Bug");
    assertThat(a.getPriority()).isEqualTo(1);
    assertThat(a.getDedupeWindow().getMilliseconds()).isEqualTo(7_200_000);
    assertThat(
            List.of(
                a.getDedupeMaxEntries(),
                a.getMaxThreadsPerMinute(),
                a.getMaxThreadsPerCustomerPerHour(),
                a.getQueueSize(),
                a.getMaxRetries(),
                a.getBreadcrumbs()))
        .containsExactly(11, 12, 13, 14, 18, 21);
    assertThat(
            Arrays.asList(
                    a.getShutdownTimeout(),
                    a.getConnectTimeout(),
                    a.getRequestTimeout(),
                    a.getAuthFailureBackoff(),
                    a.getRecurrenceInterval())
                .stream()
                .map(d -> d.getMilliseconds())
                .collect(Collectors.toList()))
        .containsExactly(15_000L, 16_000L, 17_000L, 1_140_000L, 1_200_000L);
    assertThat(a.isRedactDefaults()).isFalse();
    assertThat(a.getRedactPatterns()).containsExactly("secret-\\d+");
    assertThat(a.getAppPackages()).containsExactly("com.example");
    assertThat(a.getFingerprintMdcKey()).isEqualTo("fp");
    assertThat(a.isDryRun()).isTrue();
    assertThat(a.getInboxUrl()).isEqualTo("http://127.0.0.1:4780/graphql/v1");
    assertThat(a.getRequestIdMdcKey()).isEqualTo("traceId");
    assertThat(a.getSpoolDirectory()).isEqualTo("/tmp/plain-spool");
    assertThat(a.getSpoolMaxSize().getSize()).isEqualTo(3L * 1024 * 1024);
    for (Map.Entry<String, String> e : issue19.entrySet()) {
      String getter =
          "get"
              + Arrays.stream(e.getKey().split("-"))
                  .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                  .collect(Collectors.joining());
      assertThat(PlainThreadAppender.class.getMethod(getter).invoke(a))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
    assertThat(a.getLinkTimeWindow().getMilliseconds()).isEqualTo(420_000);
  }

  /** AppenderSettings copies every declared setting: a non-default value of each arrives. */
  @Test
  void everyDeclaredSettingIsCopiedOntoTheAppender() throws Exception {
    Map<String, String> values = new HashMap<>();
    Map<SettingSpec, String> expected = new java.util.EnumMap<>(SettingSpec.class);
    for (SettingSpec s : SettingSpec.values()) {
      String name = "plain.logback." + property(s);
      switch (s.kind()) {
        case INT -> {
          long v = s.max() != null ? s.max() : s.min() + 7;
          values.put(name, String.valueOf(v));
          expected.put(s, String.valueOf(v));
        }
        case BOOLEAN -> {
          String v = String.valueOf(!Boolean.parseBoolean(s.defaultValue()));
          values.put(name, v);
          expected.put(s, v);
        }
        case STRING -> {
          values.put(name, "v-" + s.element());
          expected.put(s, "v-" + s.element());
        }
        case DURATION -> {
          values.put(name, "7m");
          expected.put(s, "420000");
        }
        case FILE_SIZE -> {
          values.put(name, "3MB");
          expected.put(s, String.valueOf(3L * 1024 * 1024));
        }
        case REPEATED -> {
          if (s == SettingSpec.THREAD_FIELD) {
            values.put(name + "[0].key", "tier");
            values.put(name + "[0].type", "STRING");
            values.put(name + "[0].value", "gold");
          } else {
            values.put(name + "[0]", "v-" + s.element());
            expected.put(s, "[v-" + s.element() + "]");
          }
        }
      }
    }
    PlainLogbackProperties p =
        new Binder(new MapConfigurationPropertySource(values))
            .bind("plain.logback", PlainLogbackProperties.class)
            .get();
    PlainThreadAppender a = AppenderSettings.newAppender(p);
    for (Map.Entry<SettingSpec, String> e : expected.entrySet()) {
      SettingSpec s = e.getKey();
      if (s == SettingSpec.API_KEY) {
        continue; // never read back
      }
      Object v = appenderGetter(s).invoke(a);
      String actual =
          v instanceof ch.qos.logback.core.util.Duration d
              ? String.valueOf(d.getMilliseconds())
              : v instanceof ch.qos.logback.core.util.FileSize f
                  ? String.valueOf(f.getSize())
                  : String.valueOf(v);
      assertThat(actual).as(s.element() + " reaches the appender").isEqualTo(e.getValue());
    }
  }

  private static Method appenderGetter(SettingSpec s) throws NoSuchMethodException {
    String base =
        switch (s) {
          case LABEL_TYPE_ID -> "LabelTypeIds";
          case REDACT -> "RedactPatterns";
          case APP_PACKAGE -> "AppPackages";
          default -> Character.toUpperCase(s.element().charAt(0)) + s.element().substring(1);
        };
    try {
      return PlainThreadAppender.class.getMethod("get" + base);
    } catch (NoSuchMethodException e) {
      return PlainThreadAppender.class.getMethod("is" + base);
    }
  }
}
