package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The product promise, through a real LoggerContext configured from XML and MockWebServer standing
 * in for Plain.
 */
@Timeout(30)
class AppenderEndToEndTest {
  private static final String KEY = "plainApiKey_test_0123456789";

  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private LoggingFixture logging;

  @BeforeEach
  void startPlain() {
    plain = standIn.standIn();
  }

  @AfterEach
  void stopAll() {
    if (logging != null) {
      logging.close();
    }
  }

  private LoggingFixture configure(String extraElements) {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>${key}</apiKey><apiUrl>${plainUrl}</apiUrl>" + extraElements),
            Map.of("key", KEY, "plainUrl", plain.url()));
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    return logging;
  }

  @Test
  void errorWithCustomerEmailBecomesThreadWithCustomerTitleLabelsFieldsAndComponents()
      throws Exception {
    configure(
        "<title>Bug Report</title><priority>1</priority>"
            + "<labelTypeId>lt_01HB924PME9C0YWKW1N4AK3BZA</labelTypeId><labelTypeId>lt_02ABC</labelTypeId>"
            + "<threadField><key>service</key><type>STRING</type><value>checkout</value></threadField>"
            + "<threadField><key>prod</key><type>BOOL</type><value>true</value></threadField>"
            + "<threadField><key>tier</key><type>NUMBER</type><value>2.5</value></threadField>"
            + "<threadField><key>env</key><type>ENUM</type><value>production</value></threadField>"
            + "<threadField><key>since</key><type>DATE</type><value>2026-01-31</value></threadField>");
    Logger log = logging.logger("shop.Checkout");
    try (var mdc = logging.mdc("  Jane.Doe@Example.COM ", "Jane Doe")) {
      logging.context.getMDCAdapter().put("requestId", "r-77");
      log.error(
          "Payment failed for order {}\nsecond line",
          42,
          new IllegalStateException(
              "card declined", new java.net.SocketTimeoutException("read timed out")));
      logging.context.getMDCAdapter().remove("requestId");
    }

    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(logging.allStatuses()).isNotNull();
    PlainStandIn.Call upsert = plain.calls().get(0);
    assertThat(upsert.operation()).isEqualTo("upsertCustomer");
    assertThat(upsert.input().path("identifier").path("emailAddress").asText())
        .isEqualTo("jane.doe@example.com");
    assertThat(upsert.input().path("onCreate").path("fullName").asText()).isEqualTo("Jane Doe");
    assertThat(upsert.input().path("onCreate").path("email").path("email").asText())
        .isEqualTo("jane.doe@example.com");
    assertThat(upsert.input().path("onUpdate").isObject()).isTrue();
    assertThat(upsert.input().path("onUpdate").size()).isZero();
    assertThat(upsert.raw().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);

    JsonNode input = thread.input();
    assertThat(input.path("customerIdentifier").path("customerId").asText())
        .isEqualTo(plain.customerId("jane.doe@example.com"));
    assertThat(input.path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: Payment failed for order 42");
    assertThat(input.path("priority").asInt()).isEqualTo(1);
    assertThat(input.path("externalId").asText()).matches("[0-9a-f]{16}");
    assertThat(texts(input.path("labelTypeIds")))
        .containsExactly("lt_01HB924PME9C0YWKW1N4AK3BZA", "lt_02ABC");

    JsonNode fields = input.path("threadFields");
    assertThat(fields).hasSize(5);
    assertThat(fields.get(0).path("key").asText()).isEqualTo("service");
    assertThat(fields.get(0).path("stringValue").asText()).isEqualTo("checkout");
    assertThat(fields.get(1).path("booleanValue").isBoolean()).isTrue();
    assertThat(fields.get(1).path("booleanValue").asBoolean()).isTrue();
    assertThat(fields.get(2).path("numberValue").asDouble()).isEqualTo(2.5);
    assertThat(fields.get(3).path("type").asText()).isEqualTo("ENUM");
    assertThat(fields.get(3).path("stringValue").asText()).isEqualTo("production");
    assertThat(fields.get(4).path("dateValue").asText()).isEqualTo("2026-01-31");

    JsonNode components = input.path("components");
    assertThat(components.get(0).path("componentText").path("text").asText())
        .startsWith("Payment failed for order 42\nsecond line")
        .contains("java.lang.IllegalStateException")
        .contains("card declined");
    String trace = components.get(1).path("componentPlainText").path("plainText").asText();
    assertThat(trace)
        .startsWith(
            "java.lang.IllegalStateException: card declined\n\tat io.github.plainlogback.AppenderEndToEndTest")
        .contains("Caused by: java.net.SocketTimeoutException: read timed out");
    assertThat(components.get(2).has("componentDivider")).isTrue();
    String context = components.get(3).path("componentPlainText").path("plainText").asText();
    assertThat(context)
        .contains("Logger: shop.Checkout")
        .contains("Thread: " + Thread.currentThread().getName())
        .contains("Fingerprint: " + input.path("externalId").asText())
        .contains("requestId = r-77")
        .doesNotContain("example.com")
        .doesNotContain("Jane Doe");
    assertThat(components).hasSize(4);
  }

  @Test
  void infoWarnAndErrorsWithoutValidEmailCreateNothing() throws Exception {
    configure("");
    Logger log = logging.logger("shop.Search");
    try (var mdc = logging.mdc("jane@example.com")) {
      log.info("just info", new RuntimeException("x"));
      log.warn("a warning", new RuntimeException("y"));
    }
    log.error("no customer here", new RuntimeException("z"));
    try (var mdc = logging.mdc("not-an-email")) {
      log.error("invalid customer", new RuntimeException("w"));
    }
    // A sentinel: once its thread arrives, anything logged before it would have arrived first.
    try (var mdc = logging.mdc("sentinel@example.com")) {
      log.error("sentinel");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread.input().path("title").asText()).isEqualTo("Bug Report: sentinel");
    assertThat(plain.calls())
        .extracting(PlainStandIn.Call::operation)
        .containsExactly("upsertCustomer", "threadByExternalId", "createThread");
    assertThat(plain.calls().get(0).input().path("identifier").path("emailAddress").asText())
        .isEqualTo("sentinel@example.com");
    var counters = logging.appender().getCounters();
    assertThat(counters.skippedNoEmail()).isEqualTo(1);
    assertThat(counters.skippedInvalidEmail()).isEqualTo(1);
    assertThat(counters.captured()).isEqualTo(1);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(m -> m.contains("n*** (12 chars)") && m.contains("customerEmail"))
        .noneMatch(m -> m.contains("not-an-email"));
  }

  @Test
  void hundredIdenticalErrorsMakeOneThread() throws Exception {
    configure("");
    Logger log = logging.logger("shop.Checkout");
    try (var mdc = logging.mdc("jane@example.com")) {
      for (int i = 0; i < 100; i++) {
        log.error("Payment failed for order {}", i, failure("card declined " + i));
      }
    }
    assertThat(plain.nextThread(10)).isNotNull();
    var counters = logging.appender().getCounters();
    assertThat(counters.captured()).isEqualTo(100);
    assertThat(counters.deduplicated()).isEqualTo(99);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().delivered() == 1);
    // Nothing else is on its way: a later, different error is the next thread.
    try (var mdc = logging.mdc("jane@example.com")) {
      log.error("sentinel");
    }
    assertThat(plain.nextThread(10).input().path("title").asText())
        .isEqualTo("Bug Report: sentinel");
    assertThat(plain.count("createThread")).isEqualTo(2);
    assertThat(plain.count("upsertCustomer")).as("customer id is cached").isEqualTo(1);
  }

  @Test
  void secondCustomerAndOtherCallSiteMakeTheirOwnThreads() throws Exception {
    configure("");
    Logger log = logging.logger("shop.Checkout");
    for (String email : List.of("jane@example.com", "omar@example.com", "jane@example.com")) {
      try (var mdc = logging.mdc(email)) {
        log.error("Payment failed", failure("declined"));
      }
    }
    try (var mdc = logging.mdc("jane@example.com")) {
      log.error("Search failed", otherFailure());
    }
    List<PlainStandIn.Call> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      threads.add(plain.nextThread(10));
    }
    assertThat(threads).doesNotContainNull();
    String janeFirst = threads.get(0).input().path("externalId").asText();
    String omar = threads.get(1).input().path("externalId").asText();
    String janeSearch = threads.get(2).input().path("externalId").asText();
    assertThat(omar)
        .as("same error, second customer: same fingerprint, new thread")
        .isEqualTo(janeFirst);
    assertThat(threads.get(1).input().path("customerIdentifier").path("customerId").asText())
        .isEqualTo(plain.customerId("omar@example.com"))
        .isNotEqualTo(plain.customerId("jane@example.com"));
    assertThat(janeSearch).as("another call site").isNotEqualTo(janeFirst);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().delivered() == 3);
    assertThat(plain.pendingThreads()).isZero();
    assertThat(logging.appender().getCounters().deduplicated()).isEqualTo(1);
  }

  @Test
  void rateLimitsHoldAndRefill() throws Exception {
    configure(
        "<maxThreadsPerMinute>3</maxThreadsPerMinute><maxThreadsPerCustomerPerHour>2</maxThreadsPerCustomerPerHour>");
    FakeTicker ticker = new FakeTicker();
    PlainThreadAppender appender = logging.restartWith(ticker, null);

    errorsFrom("a@example.com", "a1", "a2", "a3"); // a3: customer bucket (2/hour) empty
    errorsFrom("b@example.com", "b1"); // global: 3rd of 3
    errorsFrom("c@example.com", "c1"); // global bucket empty
    var counters = appender.getCounters();
    assertThat(counters.captured()).isEqualTo(5);
    assertThat(counters.rateLimited()).isEqualTo(2);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(
            m -> m.contains("<maxThreadsPerCustomerPerHour> 2") && m.contains("a***@e***.com"))
        .anyMatch(m -> m.contains("<maxThreadsPerMinute> 3"));

    ticker.advance(Duration.ofSeconds(20)); // one global token back (3 per minute)
    errorsFrom("c@example.com", "c1"); // refused before, so not deduplicated: admitted now
    errorsFrom("c@example.com", "c2"); // no token left
    assertThat(appender.getCounters().rateLimited()).isEqualTo(3);

    List<String> titles = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      titles.add(plain.nextThread(10).input().path("title").asText());
    }
    assertThat(titles)
        .containsExactlyInAnyOrder(
            "Bug Report: a1", "Bug Report: a2", "Bug Report: b1", "Bug Report: c1");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().delivered() == 4);
    assertThat(plain.count("createThread")).isEqualTo(4);
  }

  /**
   * Errors without exceptions fingerprint on logger + pattern: one logger per name gives distinct
   * errors.
   */
  private void errorsFrom(String email, String... names) {
    try (var mdc = logging.mdc(email)) {
      for (String name : names) {
        logging.logger("app." + name).error(name);
      }
    }
  }

  @Test
  void ownAndOkHttpLoggersAreNeverCaptured() throws Exception {
    configure("");
    try (var mdc = logging.mdc("jane@example.com")) {
      logging
          .logger("okhttp3.internal.connection.RealConnection")
          .error("boom", new RuntimeException());
      logging
          .logger("io.github.plainlogback.internal.Something")
          .error("boom", new RuntimeException());
      logging.logger("shop.Sentinel").error("sentinel");
    }
    assertThat(plain.nextThread(10).input().path("title").asText())
        .isEqualTo("Bug Report: sentinel");
    assertThat(logging.appender().getCounters().captured()).isEqualTo(1);
  }

  @Test
  void stopDeliversWhatIsQueuedAndStartAfterStopWorks() throws Exception {
    configure("");
    PlainThreadAppender appender = logging.appender();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("before stop");
    }
    appender.stop(); // must deliver the queued report before returning
    assertThat(plain.count("createThread")).isEqualTo(1);
    assertThat(appender.getCounters().delivered()).isEqualTo(1);
    appender.stop(); // twice is harmless

    appender.start();
    assertThat(appender.isStarted()).isTrue();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("after restart");
    }
    assertThat(plain.nextThread(10)).isNotNull(); // "before stop"
    assertThat(plain.nextThread(10).input().path("title").asText())
        .isEqualTo("Bug Report: after restart");
  }

  @Test
  void stopIsBoundedWhilePlainHangsAndReportsWhatWasLeft() throws Exception {
    configure(
        "<shutdownTimeout>1 second</shutdownTimeout><requestTimeout>30 seconds</requestTimeout>");
    PlainStandIn.Stall stall = plain.stall();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("one");
      logging.logger("shop.B").error("two");
      logging.logger("shop.C").error("three");
    }
    assertThat(stall.awaitFirstCall(10)).isTrue();
    long started = System.nanoTime();
    logging.appender().stop();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    stall.release();
    assertThat(tookMillis).isLessThan(1_000 + 1_000);
    var counters = logging.appender().getCounters();
    // two never started, and the one in flight was cancelled
    assertThat(counters.droppedShutdown()).isEqualTo(3);
    assertThat(counters.delivered()).isZero();
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(m -> m.startsWith("3 error report(s) not sent to Plain"));
  }

  @Test
  void failuresAreReportedWithPlainsMessageAndRequestIdButNeverTheKey() throws Exception {
    configure("");
    plain.override(
        call ->
            call.operation().equals("createThread")
                ? PlainStandIn.json(
                    200,
                    "{\"data\":{\"createThread\":{\"thread\":null,\"error\":{\"message\":\"Label type archived\","
                        + "\"type\":\"VALIDATION\",\"code\":\"cannot_add_label_using_archived_label_type\","
                        + "\"fields\":[{\"field\":\"labelTypeIds.0\",\"message\":\"archived\",\"type\":\"VALIDATION\"}]}}}}")
                : null);
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("one");
    }
    plain.nextThread(10);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().failed() == 1);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(
            m ->
                m.contains("Label type archived")
                    && m.contains("cannot_add_label_using_archived_label_type")
                    && m.contains("labelTypeIds.0")
                    && m.contains("apigw-requestid req-200")
                    && m.contains("j***@e***.com"));
    assertThat(logging.statusesFrom(logging.appender()))
        .isNotEmpty()
        .noneMatch(m -> m.contains(KEY) || m.contains("jane@") || m.contains("example.com"));
  }

  @Test
  void httpAndGraphQlErrorsAreFailuresAndTheirWarningsAreThrottled() throws Exception {
    configure("<maxRetries>0</maxRetries>");
    FakeTicker ticker = new FakeTicker();
    logging.restartWith(ticker, null);
    plain.override(
        call ->
            call.operation().equals("createThread")
                ? PlainStandIn.json(
                    500,
                    "{\"errors\":[{\"message\":\"Internal failure\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}")
                : null);
    try (var mdc = logging.mdc("jane@example.com")) {
      for (String name : List.of("a", "b", "c", "d")) {
        logging.logger("shop." + name).error(name);
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().failed() == 4);
    List<String> warnings =
        logging.statuses(Status.WARN).stream()
            .filter(m -> m.contains("Gave up on a Plain thread"))
            .toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("after 1 attempts: HTTP 500")
        .contains("Internal failure")
        .contains("apigw-requestid req-500");

    // After the throttle interval the next one is reported, with the count of what was held back.
    ticker.advance(PlainThreadAppender.STATUS_INTERVAL);
    plain.override(
        call ->
            call.operation().equals("createThread")
                ? PlainStandIn.json(
                    200,
                    "{\"errors\":[{\"message\":\"Cannot query field\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}")
                : null);
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.e").error("e");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().failed() == 5);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(
            m ->
                m.contains(
                    "not retrying: GraphQL error [GRAPHQL_VALIDATION_FAILED]: Cannot query field"));
  }

  @Test
  void fullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
    configure("<queueSize>1</queueSize><shutdownTimeout>1 second</shutdownTimeout>");
    PlainStandIn.Stall stall = plain.stall();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.first").error("in flight");
      assertThat(stall.awaitFirstCall(10)).isTrue();
      logging.logger("shop.second").error("queued");
      logging.logger("shop.third").error("dropped");
      logging.logger("shop.fourth").error("dropped");
    }
    var counters = logging.appender().getCounters();
    assertThat(counters.droppedQueueFull()).isEqualTo(2);
    assertThat(counters.queueDepth()).isEqualTo(1); // "queued" waits; "in flight" is not counted
    assertThat(logging.statuses(Status.WARN)).anyMatch(m -> m.contains("<queueSize> 1 is full"));
    stall.release();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().delivered() == 2);
  }

  @Test
  void dryRunBuildsAndReportsRequestsButSendsNothing() throws Exception {
    logging = LoggingFixture.configure(LoggingFixture.config("<dryRun>true</dryRun>"), Map.of());
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("dry", failure("declined"));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().delivered() == 1);
    assertThat(logging.statuses(Status.INFO))
        .anyMatch(
            m ->
                m.startsWith("dryRun: would send upsertCustomer")
                    && m.contains("\"title\" : \"Bug Report: IllegalStateException: dry\"")
                    && m.contains("j***@e***.com"));
    assertThat(logging.statusesFrom(logging.appender()))
        .isNotEmpty()
        .noneMatch(m -> m.contains("jane@") || m.contains("@example.com"));
    assertThat(plain.calls()).isEmpty();
  }

  /** dryRun's printed requests are throttled like every other status line. */
  @Test
  void dryRunPrintsTheFirstRequestThenCountsTheRest() throws Exception {
    logging = LoggingFixture.configure(LoggingFixture.config("<dryRun>true</dryRun>"), Map.of());
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("one", failure("declined"));
      logging.logger("shop.B").error("two", otherFailure());
      logging.logger("shop.C").error("three", new UnsupportedOperationException("nope"));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().delivered() == 3);
    assertThat(logging.statuses(Status.INFO))
        .filteredOn(m -> m.startsWith("dryRun: would send upsertCustomer"))
        .hasSize(1);
  }

  /**
   * Bullet "dryRun never sends the real key": a loopback apiUrl no longer turns it into delivery.
   */
  @Test
  void dryRunNeverSendsEvenToALoopbackApiUrlAndNeverTheKey() throws Exception {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<dryRun>true</dryRun><apiKey>${key}</apiKey><apiUrl>${plainUrl}</apiUrl>"),
            Map.of("key", KEY, "plainUrl", plain.url()));
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("dry", failure("declined"));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> logging.appender().getCounters().delivered() == 1);
    assertThat(logging.statuses(Status.INFO)).anyMatch(m -> m.startsWith("dryRun: would send"));
    assertThat(plain.calls()).isEmpty();
    assertThat(logging.statusesFrom(logging.appender())).noneMatch(m -> m.contains(KEY));
  }

  /**
   * The local inbox is its own switch: requests go there with a placeholder key, never the real
   * one.
   */
  @Test
  void inboxUrlReceivesTheRequestsWithAPlaceholderKeyNeverTheRealOne() throws Exception {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config("<apiKey>${key}</apiKey><inboxUrl>${plainUrl}</inboxUrl>"),
            Map.of("key", KEY, "plainUrl", plain.url()));
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("to the inbox", failure("declined"));
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(logging.allStatuses()).isNotNull();
    assertThat(thread.input().path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: to the inbox");
    assertThat(plain.calls())
        .allSatisfy(
            c ->
                assertThat(c.raw().getHeaders().get("Authorization"))
                    .isEqualTo("Bearer plainApiKey_inbox"));
    assertThat(logging.statusesFrom(logging.appender()))
        .anyMatch(m -> m.contains("the local inbox") && m.contains("never to Plain"));
  }

  @Test
  void dryRunWithAnInboxDeliversToTheInboxWithoutAKey() throws Exception {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config("<dryRun>true</dryRun><inboxUrl>${plainUrl}</inboxUrl>"),
            Map.of("plainUrl", plain.url()));
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.A").error("dry", failure("declined"));
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).as(logging.allStatuses()).isNotNull();
    assertThat(thread.raw().getHeaders().get("Authorization"))
        .isEqualTo("Bearer plainApiKey_inbox");
  }

  private static IllegalStateException failure(String message) {
    return new IllegalStateException(message);
  }

  private static NumberFormatException otherFailure() {
    return new NumberFormatException("bad page");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
