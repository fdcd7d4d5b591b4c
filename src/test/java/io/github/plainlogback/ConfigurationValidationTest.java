package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.status.Status;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad configuration refuses to start, with an error naming the element; good configuration starts.
 */
class ConfigurationValidationTest {
  private static final String KEY = "<apiKey>plainApiKey_test</apiKey>";
  private static final String URL = "<apiUrl>http://127.0.0.1:9/graphql/v1</apiUrl>";

  private LoggingFixture logging;

  @AfterEach
  void stop() {
    if (logging != null) {
      logging.close();
    }
  }

  static Stream<Arguments> badConfigurations() {
    return Stream.of(
        Arguments.of("missing key", URL, "No <apiKey>"),
        Arguments.of("blank key", "<apiKey>  </apiKey>" + URL, "No <apiKey>"),
        Arguments.of(
            "unresolved ${PLAIN_API_KEY}",
            "<apiKey>${PLAIN_API_KEY_UNSET_IN_TEST}</apiKey>" + URL,
            "No <apiKey>.*PLAIN_API_KEY_UNSET_IN_TEST_IS_UNDEFINED"),
        Arguments.of(
            "malformed URL",
            KEY + "<apiUrl>not a url</apiUrl>",
            "Invalid <apiUrl> \\[not a url\\]"),
        Arguments.of(
            "ftp URL", KEY + "<apiUrl>ftp://example.com/graphql</apiUrl>", "Invalid <apiUrl>"),
        Arguments.of(
            "http to a remote host",
            KEY + "<apiUrl>http://core-api.uk.plain.com/graphql/v1</apiUrl>",
            "Invalid <apiUrl> .* uses http:// to a host that is not loopback"),
        Arguments.of(
            "label id without lt_",
            KEY + URL + "<labelTypeId>label_123</labelTypeId>",
            "<labelTypeId> \\[label_123\\] .* not a Plain label type id"),
        Arguments.of(
            "priority 4", KEY + URL + "<priority>4</priority>", "<priority> 4 .* outside 0..3"),
        Arguments.of(
            "priority -1", KEY + URL + "<priority>-1</priority>", "<priority> -1 .* outside 0..3"),
        Arguments.of(
            "unknown field type",
            KEY + URL + field("tier", "COLOR", "red"),
            "Invalid <threadField> .*<type> \\[COLOR\\] of field \\[tier\\]"),
        Arguments.of(
            "BOOL that is not",
            KEY + URL + field("vip", "BOOL", "maybe"),
            "Invalid <threadField> .*\\[maybe\\] of BOOL field \\[vip\\]"),
        Arguments.of(
            "NUMBER that is not",
            KEY + URL + field("n", "NUMBER", "ten"),
            "Invalid <threadField> .*\\[ten\\] of NUMBER field \\[n\\] is not a number"),
        Arguments.of(
            "DATE that is not",
            KEY + URL + field("d", "DATE", "yesterday"),
            "Invalid <threadField> .*\\[yesterday\\] of DATE field"),
        Arguments.of(
            "field without key",
            KEY + URL + "<threadField><type>STRING</type><value>x</value></threadField>",
            "Invalid <threadField> .*<key> is missing"),
        Arguments.of(
            "field without value",
            KEY + URL + "<threadField><key>k</key><type>STRING</type></threadField>",
            "Invalid <threadField> .*<value> is missing"),
        Arguments.of(
            "queueSize 0",
            KEY + URL + "<queueSize>0</queueSize>",
            "<queueSize> 0 .* must be 1 to "),
        Arguments.of(
            "dedupeMaxEntries -1",
            KEY + URL + "<dedupeMaxEntries>-1</dedupeMaxEntries>",
            "<dedupeMaxEntries> -1 .* must be 1 to "),
        Arguments.of(
            "maxThreadsPerMinute 0",
            KEY + URL + "<maxThreadsPerMinute>0</maxThreadsPerMinute>",
            "<maxThreadsPerMinute> 0 .* must be positive"),
        Arguments.of(
            "maxThreadsPerCustomerPerHour 0",
            KEY + URL + "<maxThreadsPerCustomerPerHour>0</maxThreadsPerCustomerPerHour>",
            "<maxThreadsPerCustomerPerHour> 0 .* must be positive"),
        Arguments.of(
            "dedupeWindow 0",
            KEY + URL + "<dedupeWindow>0 seconds</dedupeWindow>",
            "<dedupeWindow> .* must be a positive duration of at most"),
        Arguments.of(
            "shutdownTimeout 0",
            KEY + URL + "<shutdownTimeout>0 milliseconds</shutdownTimeout>",
            "<shutdownTimeout> .* must be a positive duration of at most"),
        Arguments.of(
            "connectTimeout 0",
            KEY + URL + "<connectTimeout>0 seconds</connectTimeout>",
            "<connectTimeout> .* must be a positive duration of at most"),
        Arguments.of(
            "requestTimeout 0",
            KEY + URL + "<requestTimeout>0 seconds</requestTimeout>",
            "<requestTimeout> .* must be a positive duration of at most"),
        Arguments.of(
            "maxRetries -1",
            KEY + URL + "<maxRetries>-1</maxRetries>",
            "<maxRetries> -1 .* must be 0 to 20"),
        Arguments.of(
            "authFailureBackoff 0",
            KEY + URL + "<authFailureBackoff>0 seconds</authFailureBackoff>",
            "<authFailureBackoff> .* must be a positive duration of at most"),
        Arguments.of(
            "recurrenceInterval 0",
            KEY + URL + "<recurrenceInterval>0 minutes</recurrenceInterval>",
            "<recurrenceInterval> .* must be a positive duration of at most"),
        Arguments.of(
            "breadcrumbs -1",
            KEY + URL + "<breadcrumbs>-1</breadcrumbs>",
            "<breadcrumbs> -1 .* must be 0 \\(off\\) to 200"),
        Arguments.of(
            "breadcrumbs 1000",
            KEY + URL + "<breadcrumbs>1000</breadcrumbs>",
            "<breadcrumbs> 1000 .* must be 0 \\(off\\) to 200"),
        Arguments.of(
            "dedupeWindow of 300 years (Duration.toNanos() would overflow)",
            KEY + URL + "<dedupeWindow>109500 days</dedupeWindow>",
            "<dedupeWindow> .* must be a positive duration of at most 30 days"),
        Arguments.of(
            "connectTimeout of 30 days (OkHttp refuses it at start)",
            KEY + URL + "<connectTimeout>30 days</connectTimeout>",
            "<connectTimeout> .* at most 60 minutes"),
        Arguments.of(
            "shutdownTimeout of a day",
            KEY + URL + "<shutdownTimeout>1 day</shutdownTimeout>",
            "<shutdownTimeout> .* at most 10 minutes"),
        Arguments.of(
            "queueSize of ten million",
            KEY + URL + "<queueSize>10000000</queueSize>",
            "<queueSize> 10000000 .* must be 1 to 100000"),
        Arguments.of(
            "maxRetries 1000",
            KEY + URL + "<maxRetries>1000</maxRetries>",
            "<maxRetries> 1000 .* must be 0 to 20"),
        Arguments.of(
            "invalid redact regex",
            KEY + URL + "<redact>card=([0-9</redact>",
            "Invalid <redact> regex \\[card=\\(\\[0-9\\] of appender \\[PLAIN\\]"),
        Arguments.of(
            "appPackage not a package",
            KEY + URL + "<appPackage>com.example.*</appPackage>",
            "<appPackage> \\[com.example.\\*\\] .* is not a Java package name"));
  }

  private static String field(String key, String type, String value) {
    return "<threadField><key>"
        + key
        + "</key><type>"
        + type
        + "</type><value>"
        + value
        + "</value></threadField>";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void badConfigurationRefusesToStartWithANamedError(
      String what, String elements, String expectedError) {
    logging = LoggingFixture.configure(LoggingFixture.config(elements), Map.of());
    assertThat(logging.appender().isStarted()).isFalse();
    assertThat(logging.hasStatus(Status.ERROR, expectedError)).as(logging.allStatuses()).isTrue();
    assertThat(logging.hasStatus(Status.ERROR, "Appender \\[PLAIN\\] did not start")).isTrue();
    // Not started means not appending: logging must still be harmless.
    logging.logger("app").error("nothing happens", new RuntimeException());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<priority>9</priority><queueSize>0</queueSize><labelTypeId>x</labelTypeId>"),
            Map.of());
    assertThat(logging.appender().isStarted()).isFalse();
    assertThat(logging.statuses(Status.ERROR))
        .anyMatch(m -> m.contains("No <apiKey>"))
        .anyMatch(m -> m.contains("<priority> 9"))
        .anyMatch(m -> m.contains("<queueSize> 0"))
        .anyMatch(m -> m.contains("<labelTypeId> [x]"))
        .anyMatch(m -> m.contains("4 configuration error(s)"));
  }

  /**
   * Joran leaves a whitespace-only element unset, so blank values can only arrive through the
   * setters.
   */
  @Test
  void blankValuesSetInCodeRefuseToStart() {
    logging = LoggingFixture.configure("<configuration/>", Map.of());
    PlainThreadAppender a = new PlainThreadAppender();
    a.setContext(logging.context);
    a.setName("CODE");
    a.setApiKey("plainApiKey_test");
    a.setTitle(" ");
    a.setCustomerEmailMdcKey("");
    a.setCustomerNameMdcKey(null);
    a.setDedupeWindow(null);
    a.start();
    assertThat(a.isStarted()).isFalse();
    assertThat(logging.statuses(Status.ERROR))
        .anyMatch(m -> m.startsWith("<title> [ ] of appender [CODE] must be one non-blank line"))
        .anyMatch(m -> m.startsWith("<customerEmailMdcKey> of appender [CODE] is blank"))
        .anyMatch(m -> m.startsWith("<customerNameMdcKey> of appender [CODE] is blank"))
        .anyMatch(
            m ->
                m.startsWith("<dedupeWindow> null of appender [CODE] must be a positive duration"));
  }

  @Test
  void goodConfigurationStartsAndKeepsEveryValue() {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                KEY
                    + "<apiUrl>https://plain.example.test/graphql/v1</apiUrl>"
                    + "<customerEmailMdcKey>userEmail</customerEmailMdcKey>"
                    + "<customerNameMdcKey>userName</customerNameMdcKey>"
                    + "<labelTypeId>lt_01HB924PME9C0YWKW1N4AK3BZA</labelTypeId>"
                    + "<title>Checkout bug</title><priority>0</priority>"
                    + "<dedupeWindow>30 minutes</dedupeWindow><dedupeMaxEntries>500</dedupeMaxEntries>"
                    + "<maxThreadsPerMinute>10</maxThreadsPerMinute>"
                    + "<maxThreadsPerCustomerPerHour>3</maxThreadsPerCustomerPerHour>"
                    + "<queueSize>64</queueSize><shutdownTimeout>2 seconds</shutdownTimeout>"
                    + "<connectTimeout>1 second</connectTimeout><requestTimeout>3 seconds</requestTimeout>"
                    + "<maxRetries>0</maxRetries><authFailureBackoff>1 minute</authFailureBackoff>"
                    + "<recurrenceInterval>5 minutes</recurrenceInterval><breadcrumbs>5</breadcrumbs>"
                    + "<redact>ORD-\\d+</redact><redact>SKU-\\d+</redact><redactDefaults>false</redactDefaults>"
                    + "<appPackage>com.example.shop</appPackage><appPackage>com.example.billing</appPackage>"
                    + "<fingerprintMdcKey>errorGroup</fingerprintMdcKey>"),
            Map.of());
    PlainThreadAppender a = logging.appender();
    assertThat(a.isStarted()).as(logging.allStatuses()).isTrue();
    assertThat(a.getCustomerEmailMdcKey()).isEqualTo("userEmail");
    assertThat(a.getCustomerNameMdcKey()).isEqualTo("userName");
    assertThat(a.getLabelTypeIds()).containsExactly("lt_01HB924PME9C0YWKW1N4AK3BZA");
    assertThat(a.getTitle()).isEqualTo("Checkout bug");
    assertThat(a.getPriority()).isZero();
    assertThat(a.getDedupeWindow().getMilliseconds()).isEqualTo(30 * 60_000L);
    assertThat(a.getDedupeMaxEntries()).isEqualTo(500);
    assertThat(a.getMaxThreadsPerMinute()).isEqualTo(10);
    assertThat(a.getMaxThreadsPerCustomerPerHour()).isEqualTo(3);
    assertThat(a.getQueueSize()).isEqualTo(64);
    assertThat(a.getShutdownTimeout().getMilliseconds()).isEqualTo(2_000);
    assertThat(a.getConnectTimeout().getMilliseconds()).isEqualTo(1_000);
    assertThat(a.getRequestTimeout().getMilliseconds()).isEqualTo(3_000);
    assertThat(a.getMaxRetries()).isZero();
    assertThat(a.getAuthFailureBackoff().getMilliseconds()).isEqualTo(60_000);
    assertThat(a.getRecurrenceInterval().getMilliseconds()).isEqualTo(300_000);
    assertThat(a.getBreadcrumbs()).isEqualTo(5);
    assertThat(a.getRedactPatterns()).containsExactly("ORD-\\d+", "SKU-\\d+");
    assertThat(a.isRedactDefaults()).isFalse();
    assertThat(a.getAppPackages()).containsExactly("com.example.shop", "com.example.billing");
    assertThat(a.getFingerprintMdcKey()).isEqualTo("errorGroup");
    assertThat(logging.statuses(Status.ERROR)).isEmpty();
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    PlainThreadAppender a = new PlainThreadAppender();
    assertThat(a.getApiUrl()).isEqualTo("https://core-api.uk.plain.com/graphql/v1");
    assertThat(a.getCustomerEmailMdcKey()).isEqualTo("customerEmail");
    assertThat(a.getCustomerNameMdcKey()).isEqualTo("customerName");
    assertThat(a.getTitle()).isEqualTo("Bug Report");
    assertThat(a.getPriority()).isEqualTo(2);
    assertThat(a.getDedupeWindow().getMilliseconds()).isEqualTo(3_600_000L);
    assertThat(a.getDedupeMaxEntries()).isEqualTo(10_000);
    assertThat(a.getMaxThreadsPerMinute()).isEqualTo(30);
    assertThat(a.getMaxThreadsPerCustomerPerHour()).isEqualTo(5);
    assertThat(a.getQueueSize()).isEqualTo(256);
    assertThat(a.getShutdownTimeout().getMilliseconds()).isEqualTo(5_000);
    assertThat(a.getConnectTimeout().getMilliseconds()).isEqualTo(5_000);
    assertThat(a.getRequestTimeout().getMilliseconds()).isEqualTo(10_000);
    assertThat(a.isDryRun()).isFalse();
    assertThat(a.getMaxRetries()).isEqualTo(3);
    assertThat(a.getAuthFailureBackoff().getMilliseconds()).isEqualTo(300_000L);
    assertThat(a.getRecurrenceInterval().getMilliseconds()).isEqualTo(15 * 60_000L);
    assertThat(a.getBreadcrumbs()).isEqualTo(20);
    assertThat(a.isRedactDefaults()).isTrue();
    assertThat(a.getRedactPatterns()).isEmpty();
    assertThat(a.getAppPackages()).isEmpty();
    assertThat(a.getFingerprintMdcKey()).isEqualTo("plainFingerprint");
  }

  /** Through XML: a hostile loopback look-alike refuses start-up, naming the element. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "<apiUrl>http://127.evil.example/graphql/v1</apiUrl>",
        "<apiUrl>http://localhost.evil.example/graphql/v1</apiUrl>",
        "<apiUrl>http://127.0.0.1.nip.io/graphql/v1</apiUrl>",
        "<apiUrl>http://0x7f.1/graphql/v1</apiUrl>",
        "<apiUrl>http://127.0.0.1@evil.example/</apiUrl>",
        "<apiUrl>http://evil.example#@127.0.0.1/</apiUrl>"
      })
  void loopbackLookAlikesRefuseToStart(String apiUrl) {
    logging = LoggingFixture.configure(LoggingFixture.config(KEY + apiUrl), Map.of());
    assertThat(logging.appender().isStarted()).isFalse();
    assertThat(logging.hasStatus(Status.ERROR, "Invalid <apiUrl> \\[http://"))
        .as(logging.allStatuses())
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://core-api.uk.plain.com/graphql/v1",
        "http://127.evil.example:4780/graphql/v1",
        "http://127.0.0.1@evil.example/"
      })
  void theInboxMustBeOnThisMachine(String inboxUrl) {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config("<inboxUrl>" + inboxUrl + "</inboxUrl>"), Map.of());
    assertThat(logging.appender().isStarted()).isFalse();
    assertThat(logging.hasStatus(Status.ERROR, "Invalid <inboxUrl> \\["))
        .as(logging.allStatuses())
        .isTrue();
  }

  @Test
  void anInboxNeedsNoKey() {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config("<inboxUrl>http://127.0.0.1:9/graphql/v1</inboxUrl>"), Map.of());
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
  }

  @Test
  void checkingHasNoSideEffectsARejectedConfigurationCreatesNoSpoolDirectory(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    java.nio.file.Path dir = tmp.resolve("spool");
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                KEY + URL + "<priority>9</priority><spoolDirectory>" + dir + "</spoolDirectory>"),
            Map.of());
    assertThat(logging.appender().isStarted()).isFalse();
    assertThat(logging.hasStatus(Status.ERROR, "<priority> 9")).isTrue();
    assertThat(dir).as("only a valid configuration touches the disk").doesNotExist();

    PlainThreadAppender unstarted = new PlainThreadAppender();
    unstarted.setName("PLAIN");
    unstarted.setDryRun(true);
    unstarted.setSpoolDirectory(dir.toString());
    assertThat(unstarted.check().errors()).isEmpty();
    assertThat(unstarted.check().config().spoolDirectory()).isEqualTo(dir);
    assertThat(dir).as("check() alone creates nothing").doesNotExist();
  }
}
