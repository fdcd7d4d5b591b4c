package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.status.Status;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.plain.Endpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped logback-sample.xml is what users copy: it must start and deliver with only its two
 * variables set.
 */
@Timeout(30)
class SampleConfigurationTest {
  private static final Path SAMPLE = Path.of("logback-sample.xml");
  private final PlainStandIn plain = new PlainStandIn();
  private LoggingFixture logging;

  @AfterEach
  void stop() {
    if (logging != null) {
      logging.close();
    }
    plain.close();
  }

  @Test
  void sampleStartsAndDeliversWithOnlyKeyAndUrlSet() throws Exception {
    logging =
        LoggingFixture.configure(
            Files.readString(SAMPLE),
            Map.of("PLAIN_API_KEY", "plainApiKey_sample", "PLAIN_API_URL", plain.url()));
    PlainThreadAppender appender =
        (PlainThreadAppender)
            logging.context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN");
    assertThat(appender.isStarted()).as(logging.allStatuses()).isTrue();
    assertThat(logging.statuses(Status.ERROR)).isEmpty();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.Checkout").error("from the sample", new IllegalStateException("x"));
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).isNotNull();
    assertThat(thread.input().path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: from the sample");
    assertThat(thread.raw().getHeaders().get("Authorization"))
        .isEqualTo("Bearer plainApiKey_sample");
  }

  @Test
  void sampleWithoutAKeyRefusesToStartAndSaysWhy() throws Exception {
    logging =
        LoggingFixture.configure(Files.readString(SAMPLE), Map.of("PLAIN_API_URL", plain.url()));
    assertThat(logging.context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN").isStarted())
        .isFalse();
    // Unless the machine running the tests exports PLAIN_API_KEY, Joran reports it undefined.
    if (System.getenv("PLAIN_API_KEY") == null) {
      assertThat(logging.hasStatus(Status.ERROR, "No <apiKey> .*PLAIN_API_KEY_IS_UNDEFINED"))
          .as(logging.allStatuses())
          .isTrue();
    }
  }

  /**
   * Every commented default in the sample matches the appender's real default, so the sample cannot
   * go stale.
   */
  @Test
  void commentedDefaultsMatchTheAppender() throws Exception {
    String xml = Files.readString(SAMPLE);
    PlainThreadAppender defaults = new PlainThreadAppender();
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("customerEmailMdcKey", defaults.getCustomerEmailMdcKey()),
            Map.entry("customerNameMdcKey", defaults.getCustomerNameMdcKey()),
            Map.entry("title", defaults.getTitle()),
            Map.entry("priority", String.valueOf(defaults.getPriority())),
            Map.entry("dedupeWindow", PlainThreadAppender.DEFAULT_DEDUPE_WINDOW),
            Map.entry("dedupeMaxEntries", String.valueOf(defaults.getDedupeMaxEntries())),
            Map.entry("maxThreadsPerMinute", String.valueOf(defaults.getMaxThreadsPerMinute())),
            Map.entry(
                "maxThreadsPerCustomerPerHour",
                String.valueOf(defaults.getMaxThreadsPerCustomerPerHour())),
            Map.entry("queueSize", String.valueOf(defaults.getQueueSize())),
            Map.entry("shutdownTimeout", PlainThreadAppender.DEFAULT_SHUTDOWN_TIMEOUT),
            Map.entry("connectTimeout", PlainThreadAppender.DEFAULT_CONNECT_TIMEOUT),
            Map.entry("requestTimeout", PlainThreadAppender.DEFAULT_REQUEST_TIMEOUT),
            Map.entry("maxRetries", String.valueOf(defaults.getMaxRetries())),
            Map.entry("authFailureBackoff", PlainThreadAppender.DEFAULT_AUTH_FAILURE_BACKOFF),
            Map.entry("recurrenceInterval", PlainThreadAppender.DEFAULT_RECURRENCE_INTERVAL),
            Map.entry("breadcrumbs", String.valueOf(defaults.getBreadcrumbs())),
            Map.entry("redactDefaults", String.valueOf(defaults.isRedactDefaults())),
            Map.entry("fingerprintMdcKey", defaults.getFingerprintMdcKey()),
            Map.entry("dryRun", String.valueOf(defaults.isDryRun())),
            Map.entry("spoolMaxSize", PlainThreadAppender.DEFAULT_SPOOL_MAX_SIZE),
            Map.entry("traceIdMdcKeys", defaults.getTraceIdMdcKeys()),
            Map.entry("spanIdMdcKeys", defaults.getSpanIdMdcKeys()),
            Map.entry("linkTimeWindow", PlainThreadAppender.DEFAULT_LINK_TIME_WINDOW));
    expected.forEach(
        (element, value) -> {
          Matcher m =
              Pattern.compile("<!-- <" + element + ">([^<]*)</" + element + "> -->").matcher(xml);
          assertThat(m.find()).as("sample shows <%s> commented with its default", element).isTrue();
          assertThat(m.group(1)).as("default of <%s>", element).isEqualTo(value);
        });
    assertThat(xml)
        .contains("<apiUrl>${PLAIN_API_URL:-" + PlainThreadAppender.DEFAULT_API_URL + "}</apiUrl>");
    Matcher inbox = Pattern.compile("<!-- <inboxUrl>([^<]*)</inboxUrl> -->").matcher(xml);
    assertThat(inbox.find()).as("sample shows <inboxUrl> commented").isTrue();
    assertThat(new PlainThreadAppender().getInboxUrl()).as("unset by default").isNull();
    assertThat(Endpoints.inbox(inbox.group(1)).ok()).as("the sample's inbox is loopback").isTrue();
    for (String template : new String[] {"traceUrlTemplate", "logsUrlTemplate"}) {
      Matcher t =
          Pattern.compile("<!-- <" + template + ">([^<]*)</" + template + "> -->").matcher(xml);
      assertThat(t.find()).as("sample shows <%s> commented", template).isTrue();
      assertThat(TraceLinks.problem(t.group(1).replace("&amp;", "&")))
          .as("the sample's <%s> is a valid template", template)
          .isNull();
    }
  }
}
