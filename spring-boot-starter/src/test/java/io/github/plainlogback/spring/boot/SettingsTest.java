package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.PlainThreadAppender;
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
    Set<String> settings = appenderSettings();
    assertThat(settings).hasSizeGreaterThanOrEqualTo(29).contains("api-key", "spool-max-size");
    for (String setting : settings) {
      JsonNode p = properties.get("plain.logback." + setting);
      assertThat(p).as("plain.logback." + setting + " in the metadata").isNotNull();
      assertThat(p.path("description").asText()).as(setting + " has a description").isNotBlank();
    }
    assertThat(properties).containsKeys("plain.logback.enabled", "plain.logback.customer-filter");
    assertThat(properties.get("plain.logback.queue-size").path("defaultValue").asInt())
        .isEqualTo(256);
    assertThat(properties.get("plain.logback.dedupe-window").path("defaultValue").asText())
        .isEqualTo("1h");
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
}
