package io.github.plainlogback;

import static io.github.plainlogback.test.PlainStandIn.hang;
import static io.github.plainlogback.test.PlainStandIn.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.status.Status;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever Plain does, the application's logging stays fast, no thread is created twice, and every
 * report that was not delivered is counted. Each case scripts the stand-in and asserts the exact
 * requests and threads.
 */
@Timeout(60)
class DeliveryFaultInjectionTest {
  private static final String INTERNAL_500 =
      "{\"errors\":[{\"message\":\"Internal failure\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}";
  private static final String RATE_LIMITED =
      "{\"errors\":[{\"message\":\"Too Many Requests - Rate limit exceeded\",\"extensions\":{\"code\":\"RATE_LIMITED\"}}]}";

  private final FakeTicker ticker = new FakeTicker();

  @RegisterExtension
  final PlainStandInExtension standIn =
      PlainStandInExtension.checkingSchema()
          .withClock(ticker::read); // calls stamped on the appender's clock

  private PlainStandIn plain;
  private LoggingFixture logging;
  private PlainThreadAppender appender;

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

  /**
   * Configures from XML, then restarts with a fake ticker and a short backoff so retries take
   * milliseconds.
   */
  private void configure(String extra) {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>" + extra),
            Map.of("plainUrl", plain.url()));
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    appender = logging.restartWith(ticker, Duration.ofMillis(10));
  }

  /**
   * Errors without an exception fingerprint on logger + pattern: each {@code what} is a distinct
   * error.
   */
  private void error(String email, String what) {
    try (var mdc = logging.mdc(email)) {
      logging.logger("shop." + what).error(what);
    }
  }

  private PlainAppenderCounters settled(long delivered, long failed) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                appender.getCounters().delivered() == delivered
                    && appender.getCounters().failed() == failed
                    && appender.getCounters().pending() == 0);
    return appender.getCounters();
  }

  @Test
  void serverErrorTwiceThenSuccessMakesOneThread() {
    configure("");
    plain.script("createThread", respond(500, INTERNAL_500), respond(500, INTERNAL_500));
    error("jane@example.com", "a");
    PlainAppenderCounters c = settled(1, 0);
    assertThat(c.retried()).isEqualTo(2);
    assertThat(plain.count("upsertCustomer")).isEqualTo(1);
    assertThat(plain.count("createThread")).isEqualTo(3);
    // looked up before the first try, and again after each 500 (which may have created it)
    assertThat(plain.count("threadByExternalId")).isEqualTo(3);
    assertThat(plain.threadsCreated()).isEqualTo(1);
  }

  @Test
  void rateLimitWithRetryAfterPausesAllSending() {
    configure("");
    plain.script("createThread", respond(429, RATE_LIMITED, "Retry-After: 2"));
    error("jane@example.com", "a");
    error("omar@example.com", "b");
    settled(2, 0);
    List<PlainStandIn.Call> calls = plain.calls();
    PlainStandIn.Call limited =
        calls.stream().filter(c -> c.operation().equals("createThread")).findFirst().orElseThrow();
    List<PlainStandIn.Call> after = calls.subList(calls.indexOf(limited) + 1, calls.size());
    // a's retry, then b's upsert, lookup and createThread: nothing at all was sent during the 2
    // seconds (on the appender's clock, which its pause moves: no real waiting)
    assertThat(after)
        .extracting(PlainStandIn.Call::operation)
        .containsExactly(
            "threadByExternalId",
            "createThread",
            "upsertCustomer",
            "threadByExternalId",
            "createThread");
    assertThat(after)
        .allSatisfy(
            c ->
                assertThat(c.arrivedNanos() - limited.arrivedNanos())
                    .isGreaterThanOrEqualTo(2_000_000_000L));
    assertThat(plain.threadsCreated()).isEqualTo(2);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(m -> m.contains("rate-limiting") && m.contains("PT2S"));
  }

  @Test
  void rateLimitWithOnlyTheResetTimeWaitsUntilThen() {
    configure("");
    plain.script(
        "createThread",
        call ->
            respond(429, RATE_LIMITED, "x-ratelimit-reset: " + Instant.now().plusSeconds(2))
                .apply(call));
    error("jane@example.com", "a");
    settled(1, 0);
    List<PlainStandIn.Call> creates =
        plain.calls().stream().filter(c -> c.operation().equals("createThread")).toList();
    assertThat(creates).hasSize(2);
    // the reset time has millisecond precision and the clocks differ a little: allow 0.5 s of slack
    assertThat(creates.get(1).arrivedNanos() - creates.get(0).arrivedNanos())
        .isGreaterThanOrEqualTo(1_500_000_000L);
  }

  @Test
  void hangingServerTimesOutThenSucceeds() {
    configure(
        "<requestTimeout>300 milliseconds</requestTimeout><connectTimeout>300 milliseconds</connectTimeout>");
    plain.script("createThread", hang(Duration.ofSeconds(3)));
    error("jane@example.com", "a");
    PlainAppenderCounters c = settled(1, 0);
    assertThat(c.retried()).isEqualTo(1);
    assertThat(plain.count("createThread")).isEqualTo(2);
    assertThat(plain.count("threadByExternalId")).isEqualTo(2);
    assertThat(plain.threadsCreated()).isEqualTo(1);
  }

  @Test
  void timeoutAfterPlainCreatedTheThreadMakesNoDuplicate() {
    configure(
        "<requestTimeout>300 milliseconds</requestTimeout><connectTimeout>300 milliseconds</connectTimeout>");
    plain.script("createThread", plain.answerLate(Duration.ofSeconds(3)));
    error("jane@example.com", "a");
    PlainAppenderCounters c = settled(1, 0);
    assertThat(c.retried()).isEqualTo(1);
    assertThat(plain.count("createThread")).isEqualTo(1);
    assertThat(plain.count("threadByExternalId"))
        .as("before the create, and after the timeout")
        .isEqualTo(2);
    assertThat(plain.threadsCreated()).isEqualTo(1);
    assertThat(c.threadEvents()).as("the thread found is ours, not a repeat").isZero();
  }

  @Test
  void unauthorizedKeyCoolsDownThenOneRequestProbes() {
    configure("<authFailureBackoff>5 minutes</authFailureBackoff>");
    plain.script(
        "upsertCustomer",
        respond(
            401,
            "{\"errors\":[{\"message\":\"Invalid API key\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}"));
    error("jane@example.com", "a");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().failed() == 1);
    error("jane@example.com", "b");
    error("omar@example.com", "c");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().droppedAuth() == 2);
    assertThat(plain.calls()).hasSize(1);
    assertThat(logging.statuses(Status.ERROR))
        .filteredOn(m -> m.contains("Plain refused the API key"))
        .hasSize(1)
        .allMatch(
            m ->
                m.contains("HTTP 401")
                    && m.contains("Invalid API key")
                    && m.contains("<authFailureBackoff>"));
    assertThat(appender.getCounters().retried()).isZero();

    ticker.advance(Duration.ofMinutes(5));
    error("jane@example.com", "b"); // dropped before, so not deduplicated: it is the probe
    settled(1, 1);
    assertThat(plain.count("upsertCustomer")).isEqualTo(2);
    assertThat(plain.count("createThread")).isEqualTo(1);
    assertThat(logging.statuses(Status.INFO))
        .anyMatch(m -> m.contains("accepted the API key again"));
  }

  @Test
  void forbiddenMutationErrorIsAnAuthFailureNamingThePermission() {
    configure("");
    plain.script(
        "createThread",
        respond(
            200,
            "{\"data\":{\"createThread\":{\"thread\":null,\"error\":{\"message\":\"Missing permissions: thread:create\","
                + "\"type\":\"FORBIDDEN\",\"code\":\"forbidden\",\"fields\":[]}}}}"));
    error("jane@example.com", "a");
    settled(0, 1);
    assertThat(plain.count("createThread")).isEqualTo(1);
    assertThat(logging.statuses(Status.ERROR))
        .anyMatch(m -> m.contains("Missing permissions: thread:create"));
  }

  @Test
  void htmlBadGatewayIsRetriedWithAReadableReason() {
    configure("");
    plain.script(
        "createThread",
        call -> PlainStandIn.json(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    error("jane@example.com", "a");
    settled(1, 0);
    assertThat(plain.count("createThread")).isEqualTo(2);
    assertThat(plain.threadsCreated()).isEqualTo(1);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(
            m -> m.contains("HTTP 502") && m.contains("502 Bad Gateway") && !m.contains("<h1>"));
  }

  @Test
  void graphQlErrorsArrayFailsWithoutRetryUnlessInternal() {
    configure("");
    plain.script(
        "createThread",
        respond(
            200,
            "{\"errors\":[{\"message\":\"Cannot query field x\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}"),
        respond(200, INTERNAL_500));
    error("jane@example.com", "a");
    settled(0, 1);
    assertThat(plain.count("createThread")).isEqualTo(1);
    error("jane@example.com", "b");
    settled(1, 1);
    assertThat(plain.count("createThread")).isEqualTo(3);
    assertThat(appender.getCounters().retried()).isEqualTo(1);
  }

  @Test
  void validationMutationErrorIsNotRetriedNorRepeatedForTheSameError() {
    configure("");
    plain.script(
        "createThread",
        respond(
            200,
            "{\"data\":{\"createThread\":{\"thread\":null,\"error\":{\"message\":\"Invalid input\","
                + "\"type\":\"VALIDATION\",\"code\":\"input_validation\",\"fields\":[{\"field\":\"title\",\"message\":\"too long\","
                + "\"type\":\"VALIDATION\"}]}}}}"));
    error("jane@example.com", "a");
    settled(0, 1);
    error("jane@example.com", "a");
    assertThat(appender.getCounters().deduplicated()).isEqualTo(1);
    assertThat(plain.count("createThread")).isEqualTo(1);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(m -> m.contains("not retrying") && m.contains("title: too long (VALIDATION)"));
  }

  @Test
  void internalMutationErrorIsRetriedWithoutDuplicating() {
    configure("");
    plain.script(
        "createThread",
        respond(
            200,
            "{\"data\":{\"createThread\":{\"thread\":null,\"error\":{\"message\":\"Oops\",\"type\":\"INTERNAL\","
                + "\"code\":\"internal\",\"fields\":[]}}}}"));
    error("jane@example.com", "a");
    settled(1, 0);
    assertThat(plain.count("createThread")).isEqualTo(2);
    assertThat(plain.count("threadByExternalId")).isEqualTo(2);
    assertThat(plain.threadsCreated()).isEqualTo(1);
  }

  @Test
  void customerNotFoundReUpsertsOnce() {
    configure("");
    String notFound =
        "{\"data\":{\"createThread\":{\"thread\":null,\"error\":{\"message\":\"Customer not found\",\"type\":\"VALIDATION\","
            + "\"code\":\"not_found\",\"fields\":[{\"field\":\"customerIdentifier.customerId\",\"message\":\"not found\",\"type\":\"NOT_FOUND\"}]}}}}";
    plain.script(
        "createThread",
        respond(200, notFound),
        call -> null,
        respond(200, notFound),
        respond(200, notFound));
    error("jane@example.com", "a"); // not_found, re-upsert, created
    settled(1, 0);
    assertThat(plain.count("upsertCustomer")).isEqualTo(2);
    error("jane@example.com", "b"); // not_found, re-upsert, not_found again: give up, no loop
    settled(1, 1);
    assertThat(plain.count("upsertCustomer")).isEqualTo(3);
    assertThat(plain.count("createThread")).isEqualTo(4);
  }

  @Test
  void connectionRefusedIsRetriedThenCountedAsFailed() {
    configure("<maxRetries>3</maxRetries>");
    plain.close(); // nothing listens on the port any more
    error("jane@example.com", "a");
    PlainAppenderCounters c = settled(0, 1);
    assertThat(c.retried()).isEqualTo(3);
    assertThat(logging.statuses(Status.WARN))
        .anyMatch(m -> m.contains("Gave up") && m.contains("after 4 attempts: no answer"));
  }

  @Test
  void stopIsBoundedWhilePlainHangsThroughIt() {
    configure("<shutdownTimeout>1 second</shutdownTimeout>");
    plain.script("upsertCustomer", hang(Duration.ofSeconds(30)));
    error("jane@example.com", "a");
    error("jane@example.com", "b");
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.calls().size() == 1);
    long started = System.nanoTime();
    appender.stop();
    assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(1 + 1).toNanos());
    PlainAppenderCounters c = appender.getCounters();
    assertThat(c.droppedShutdown()).isEqualTo(2);
    assertThat(c.pending()).isZero();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("plain-appender-PLAIN"));
  }

  @Test
  void overloadWithPlainStalledNeverMakesCallersWaitAndTheCountersAddUp() throws Exception {
    configure(
        "<maxThreadsPerMinute>1000000</maxThreadsPerMinute>"
            + "<maxThreadsPerCustomerPerHour>1000000</maxThreadsPerCustomerPerHour><shutdownTimeout>1 second</shutdownTimeout>");
    PlainStandIn.Stall stall = plain.stall();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      callers.add(
          new Thread(
              () -> {
                for (int i = 0; i < 25_000; i++) {
                  try (var mdc = logging.mdc("customer" + (i % 100) + "@example.com")) {
                    // without an exception the pattern is the fingerprint: every event is distinct
                    logging.logger("shop.Storm").error("storm " + id + "-" + i);
                  }
                }
              }));
    }
    callers.forEach(Thread::start);
    for (Thread t : callers) {
      t.join(); // the test's @Timeout fails this if any caller waited on the stalled Plain
    }
    PlainAppenderCounters c = appender.getCounters();
    assertThat(c.captured()).isEqualTo(100_000);
    assertThat(c.queueDepth()).isLessThanOrEqualTo(appender.getQueueSize());
    assertThat(c.inFlight()).isEqualTo(1);
    assertThat(c.delivered()).isZero();
    assertThat(c.droppedQueueFull()).isGreaterThan(90_000);
    assertThat(c.captured())
        .isEqualTo(
            c.deduplicated()
                + c.rateLimited()
                + c.dropped()
                + c.delivered()
                + c.failed()
                + c.pending());
    assertThat(logging.statuses(Status.WARN).stream().filter(m -> m.contains("queue")).count())
        .as("the outage produces a handful of status lines, not thousands")
        .isLessThanOrEqualTo(2);
    stall.release();
    appender.stop();
    PlainAppenderCounters after = appender.getCounters();
    assertThat(after.pending()).isZero();
    assertThat(after.captured())
        .isEqualTo(
            after.deduplicated()
                + after.rateLimited()
                + after.dropped()
                + after.delivered()
                + after.failed());
  }

  @Test
  void countersArePublishedOverJmxWhileStarted() throws Exception {
    configure("");
    error("jane@example.com", "a");
    settled(1, 0);
    ObjectName name =
        new ObjectName(
            "io.github.plainlogback:type=PlainThreadAppender,context=\"test\",name=\"PLAIN\"");
    var server = ManagementFactory.getPlatformMBeanServer();
    assertThat(server.getAttribute(name, "Captured")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "Delivered")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "QueueDepth")).isEqualTo(0);
    appender.stop();
    assertThat(server.isRegistered(name)).isFalse();
  }
}
