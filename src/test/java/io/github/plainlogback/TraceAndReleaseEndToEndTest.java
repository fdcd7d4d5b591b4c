package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the thread to the trace and the logs, and which release and environment (issue 19), through
 * real LoggerContexts from XML.
 */
@Timeout(60)
class TraceAndReleaseEndToEndTest {
  private static final String TEMPO =
      "<traceUrlTemplate>https://grafana.example.com/explore?left=%7B%22queries%22:%5B%7B%22query%22:%22{traceId}%22%7D%5D%7D&amp;span={spanId}</traceUrlTemplate>";
  private static final String LOGS =
      "<logsUrlTemplate>https://logs.example.com/search?service={service}&amp;q={traceId}&amp;from={from}&amp;to={to}&amp;start={fromIso}</logsUrlTemplate>";

  /** Started per test; fails a test whose calls did not validate against Plain's schema. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.checkingSchema();

  private PlainStandIn plain;
  private final List<LoggingFixture> fixtures = new ArrayList<>();

  @BeforeEach
  void startPlain(PlainStandIn plain) {
    this.plain = plain;
  }

  @AfterEach
  void stopAll() {
    fixtures.forEach(LoggingFixture::close);
  }

  private LoggingFixture instance(String extra) {
    LoggingFixture f =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>" + extra),
            Map.of("plainUrl", plain.url()));
    fixtures.add(f);
    return f;
  }

  private LoggingFixture started(String extra) {
    LoggingFixture f = instance(extra);
    assertThat(f.appender().isStarted()).as(f.allStatuses()).isTrue();
    return f;
  }

  private static String firstText(PlainStandIn.Call thread) {
    return thread.input().path("components").path(0).path("componentText").path("text").asText();
  }

  private static String allText(PlainStandIn.Call thread) {
    StringBuilder s = new StringBuilder();
    for (JsonNode c : thread.input().path("components")) {
      s.append(c.path("componentText").path("text").asText())
          .append(c.path("componentPlainText").path("plainText").asText())
          .append('\n');
    }
    return s.toString();
  }

  @Test
  void micrometerKeysInTheMdcGiveTraceAndLogsLinksAtTheTop() throws Exception {
    LoggingFixture f = started(TEMPO + LOGS + "<serviceName>my shop</serviceName>");
    try (var mdc = f.mdc("jane@example.com")) {
      f.context.getMDCAdapter().put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      f.context.getMDCAdapter().put("spanId", "00f067aa0ba902b7");
      f.logger("shop.Checkout").error("declined", new IllegalStateException("x"));
      f.context.getMDCAdapter().remove("traceId");
      f.context.getMDCAdapter().remove("spanId");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(f.allStatuses()).isNotNull();
    String links = firstText(thread);
    assertThat(links)
        .startsWith(
            "[Trace](https://grafana.example.com/explore?left=%7B%22queries%22:%5B%7B%22query%22:%224bf92f3577b34da6a3ce929d0e0e4736%22%7D%5D%7D&span=00f067aa0ba902b7)")
        .contains(" · [Logs](https://logs.example.com/search?service=my%20shop&q=4bf92f35");
    long t = Instant.parse(isoStart(links)).toEpochMilli() + Duration.ofMinutes(15).toMillis();
    assertThat(links)
        .contains("&from=" + (t - Duration.ofMinutes(15).toMillis()))
        .contains("&to=" + (t + Duration.ofMinutes(15).toMillis()));
    assertThat(allText(thread)).contains("Trace id: 4bf92f3577b34da6a3ce929d0e0e4736");
  }

  private static String isoStart(String links) {
    String s = links.substring(links.indexOf("&start=") + 7, links.lastIndexOf(')'));
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The OpenTelemetry Java agent adds trace_id/span_id to the event's own MDC map (it instruments
   * ILoggingEvent.getMDCPropertyMap), not to the MDC thread-local: an event made that way.
   */
  @Test
  void openTelemetryKeysOnlyInTheEventsMdcMapAreFound() throws Exception {
    LoggingFixture f = started(TEMPO);
    Logger logger = f.logger("shop.Checkout");
    try (var mdc = f.mdc("jane@example.com")) {
      LoggingEvent event =
          new LoggingEvent(
              Logger.class.getName(),
              logger,
              Level.ERROR,
              "declined",
              new IllegalStateException("x"),
              null) {
            @Override
            public Map<String, String> getMDCPropertyMap() {
              Map<String, String> union = new HashMap<>(super.getMDCPropertyMap());
              union.put("trace_id", "0af7651916cd43dd8448eb211c80319c");
              union.put("span_id", "b7ad6b7169203331");
              union.put("trace_flags", "01");
              return union;
            }
          };
      assertThat(f.context.getMDCAdapter().get("trace_id")).isNull();
      logger.callAppenders(event);
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(f.allStatuses()).isNotNull();
    assertThat(firstText(thread))
        .contains("%22query%22:%220af7651916cd43dd8448eb211c80319c%22")
        .contains("span=b7ad6b7169203331");
  }

  @Test
  void datadogKeysGiveTheLinkAndConfiguredKeysReplaceTheDefaults() throws Exception {
    LoggingFixture f =
        started(
            "<traceUrlTemplate>https://app.datadoghq.com/apm/trace/{traceId}?spanID={spanId}</traceUrlTemplate>");
    try (var mdc = f.mdc("jane@example.com")) {
      f.context.getMDCAdapter().put("dd.trace_id", "1234567890123456789");
      f.context.getMDCAdapter().put("dd.span_id", "987654321");
      f.logger("shop.Checkout").error("declined");
      f.context.getMDCAdapter().remove("dd.trace_id");
      f.context.getMDCAdapter().remove("dd.span_id");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(f.allStatuses()).isNotNull();
    assertThat(firstText(thread))
        .isEqualTo(
            "[Trace](https://app.datadoghq.com/apm/trace/1234567890123456789?spanID=987654321)");

    LoggingFixture custom =
        started(
            "<traceUrlTemplate>https://jaeger.example.com/trace/{traceId}</traceUrlTemplate>"
                + "<traceIdMdcKeys>x-b3-traceid</traceIdMdcKeys>");
    try (var mdc = custom.mdc("john@example.com")) {
      custom.context.getMDCAdapter().put("traceId", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
      custom.context.getMDCAdapter().put("x-b3-traceid", "bbbbbbbbbbbbbbbb");
      custom.logger("shop.Checkout").error("declined");
      custom.context.getMDCAdapter().remove("traceId");
      custom.context.getMDCAdapter().remove("x-b3-traceid");
    }
    PlainStandIn.Call second = plain.nextThread(10);
    assertThat(second).as(custom.allStatuses()).isNotNull();
    assertThat(firstText(second))
        .isEqualTo("[Trace](https://jaeger.example.com/trace/bbbbbbbbbbbbbbbb)");
  }

  @Test
  void withoutATraceIdThereIsNoTraceLinkAndTheThreadStartsAsBefore() throws Exception {
    LoggingFixture f = started(TEMPO);
    try (var mdc = f.mdc("jane@example.com")) {
      f.logger("shop.Checkout").error("declined");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(f.allStatuses()).isNotNull();
    assertThat(firstText(thread)).isEqualTo("declined");
  }

  @Test
  void aTemplateThatIsNotAnHttpUrlRefusesStartUpNamingTheElement() {
    LoggingFixture f =
        instance(
            "<traceUrlTemplate>javascript:alert({traceId})</traceUrlTemplate>"
                + "<logsUrlTemplate>https://logs.example.com/?q={trace}</logsUrlTemplate>");
    assertThat(f.appender().isStarted()).isFalse();
    assertThat(
            f.hasStatus(
                Status.ERROR, "<traceUrlTemplate> \\[javascript:alert.*http:// or https://"))
        .as(f.allStatuses())
        .isTrue();
    assertThat(f.hasStatus(Status.ERROR, "<logsUrlTemplate> .*unknown placeholder \\{trace\\}"))
        .as(f.allStatuses())
        .isTrue();
  }

  @Test
  void serviceVersionAndEnvironmentInTheTextAndInThreadFields() throws Exception {
    LoggingFixture f =
        started(
            "<serviceName>checkout</serviceName><serviceVersion>2.4.1</serviceVersion>"
                + "<environment>production</environment>"
                + "<serviceThreadField>service</serviceThreadField>"
                + "<versionThreadField>release</versionThreadField>"
                + "<environmentThreadField>env</environmentThreadField>");
    try (var mdc = f.mdc("jane@example.com")) {
      f.logger("shop.Checkout").error("declined");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(f.allStatuses()).isNotNull();
    assertThat(allText(thread))
        .contains("Service: checkout\nVersion: 2.4.1\nEnvironment: production\n");
    Map<String, String> fields = new HashMap<>();
    thread
        .input()
        .path("threadFields")
        .forEach(x -> fields.put(x.path("key").asText(), x.path("stringValue").asText()));
    assertThat(fields)
        .containsEntry("service", "checkout")
        .containsEntry("release", "2.4.1")
        .containsEntry("env", "production");
    assertThat(plain.schemaViolations()).isEmpty();
  }

  @Test
  void nameAndVersionComeFromTheMainJarsManifestWhenNotSet(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("shop.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "shop-service");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "7.3.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, manifest)) {
      // a manifest is all it needs
    }
    String command = System.getProperty("sun.java.command");
    LoggingFixture f;
    try {
      // What `java -jar shop.jar --port 8080` sets.
      System.setProperty("sun.java.command", jar + " --port 8080");
      f = started("<environment>staging</environment>");
    } finally {
      if (command == null) {
        System.clearProperty("sun.java.command");
      } else {
        System.setProperty("sun.java.command", command);
      }
    }
    try (var mdc = f.mdc("jane@example.com")) {
      f.logger("shop.Checkout").error("declined");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(f.allStatuses()).isNotNull();
    assertThat(allText(thread))
        .contains("Service: shop-service\nVersion: 7.3.0\nEnvironment: staging\n");
  }

  @Test
  void happenedAgainSaysTheVersionTheRecurrenceCameFrom() throws Exception {
    LoggingFixture old = started("<serviceVersion>2.4.0</serviceVersion>");
    LoggingFixture fixed = started("<serviceVersion>2.4.1</serviceVersion>");
    try (var mdc = old.mdc("jane@example.com")) {
      old.logger("shop.Checkout").error("declined");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(old.allStatuses()).isNotNull();
    assertThat(allText(thread)).contains("Version: 2.4.0");
    String threadId =
        plain.threadId("jane@example.com", thread.input().path("externalId").asText());
    try (var mdc = fixed.mdc("jane@example.com")) {
      fixed.logger("shop.Checkout").error("declined");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> plain.events(threadId).size() == 1);
    String event =
        plain
            .events(threadId)
            .get(0)
            .input()
            .path("components")
            .path(0)
            .path("componentText")
            .path("text")
            .asText();
    assertThat(event).contains("Happened once more").contains(", version 2.4.1)");
  }
}
