package io.github.plainlogback;

import static io.github.plainlogback.test.PlainStandIn.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.status.Status;
import io.github.plainlogback.test.PlainSchema;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One bug, many customers (issue 19), through real LoggerContexts from XML and the stand-in, which
 * checks the {@code threads} and {@code createThreadLink} calls against Plain's schema.
 */
@Timeout(60)
class BugReachEndToEndTest {
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
    LoggingFixture f = LoggingFixture.startedAgainst(plain, extra);
    fixtures.add(f);
    return f;
  }

  /** The same bug (same logger, message and stack) for {@code email}. */
  private static void checkoutFails(LoggingFixture f, String email) {
    try (var mdc = f.mdc(email)) {
      f.logger("shop.Checkout").error("Payment provider declined", boom());
    }
  }

  private static IllegalStateException boom() {
    return new IllegalStateException("declined");
  }

  private void delivered(LoggingFixture f, long n) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(f.appender().getCounters().delivered())
                    .as(f.allStatuses())
                    .isEqualTo(n));
  }

  private static String text(PlainStandIn.Call createThread) {
    StringBuilder s = new StringBuilder();
    createThread.input().path("components").forEach(c -> s.append(c.toString()).append('\n'));
    return s.toString();
  }

  @Test
  void threeCustomersOnOneInstanceAreLinkedToTheFirstThreadWithTheCountAndOneMilestone()
      throws Exception {
    LoggingFixture f = instance("");
    checkoutFails(f, "ann@example.com");
    delivered(f, 1);
    checkoutFails(f, "bob@example.com");
    delivered(f, 2);
    checkoutFails(f, "cyd@example.com");
    delivered(f, 3);

    PlainStandIn.Call first = plain.nextThread(5);
    PlainStandIn.Call second = plain.nextThread(5);
    PlainStandIn.Call third = plain.nextThread(5);
    String fp = first.input().path("externalId").asText();
    String firstId = plain.threadId("ann@example.com", fp);
    String secondId = plain.threadId("bob@example.com", fp);
    String thirdId = plain.threadId("cyd@example.com", fp);
    assertThat(plain.threadsCreated()).isEqualTo(3);
    assertThat(plain.links())
        .containsExactly(secondId + " -> " + firstId, thirdId + " -> " + firstId);
    assertThat(text(first)).doesNotContain("customers so far");
    assertThat(text(second)).contains("This bug has reached 2 customers so far.");
    assertThat(text(third)).contains("This bug has reached 3 customers so far.");
    assertThat(text(third)).contains("First reported in T-");
    // The milestone 2 once; 3 is none.
    assertThat(plain.events(firstId)).hasSize(1);
    assertThat(plain.events(firstId).get(0).input().path("title").asText())
        .isEqualTo("Now seen for 2 customers");
    assertThat(plain.count("bugThreads")).as("no fingerprint field: nothing to ask").isZero();
    assertThat(plain.schemaViolations()).isEmpty();
  }

  @Test
  void aSecondInstanceFindsTheFirstInstancesThreadThroughTheFingerprintField() throws Exception {
    String field = "<fingerprintThreadField>bug_fingerprint</fingerprintThreadField>";
    LoggingFixture a = instance(field);
    LoggingFixture b = instance(field);
    checkoutFails(a, "ann@example.com");
    delivered(a, 1);
    checkoutFails(b, "bob@example.com");
    delivered(b, 1);

    PlainStandIn.Call fromA = plain.nextThread(5);
    PlainStandIn.Call fromB = plain.nextThread(5);
    String fp = fromA.input().path("externalId").asText();
    String aId = plain.threadId("ann@example.com", fp);
    String bId = plain.threadId("bob@example.com", fp);
    assertThat(plain.thread(aId).fields()).containsEntry("bug_fingerprint", fp);
    assertThat(plain.thread(bId).fields()).containsEntry("bug_fingerprint", fp);
    assertThat(plain.count("bugThreads")).as("one query per new thread").isEqualTo(2);
    assertThat(plain.links()).containsExactly(bId + " -> " + aId);
    assertThat(text(fromB)).contains("This bug has reached 2 customers so far.");
    assertThat(plain.events(aId))
        .extracting(c -> c.input().path("title").asText())
        .containsExactly("Now seen for 2 customers");
    assertThat(plain.schemaViolations()).isEmpty();
  }

  @Test
  void aRateLimitedQueryAndAForbiddenLinkCostTheReportNothingAndAreSaidOnce() throws Exception {
    LoggingFixture f = instance("<fingerprintThreadField>bug_fingerprint</fingerprintThreadField>");
    FakeTicker ticker = new FakeTicker();
    f.restartWith(ticker, null);
    checkoutFails(f, "ann@example.com");
    delivered(f, 1);
    ticker.advance(Duration.ofMinutes(2)); // past the cached count: each new thread asks Plain
    plain.script(
        "bugThreads",
        respond(
            429,
            "{\"errors\":[{\"message\":\"Too Many Requests\",\"extensions\":{\"code\":\"RATE_LIMITED\"}}]}",
            "Retry-After: 1"));
    plain.script(
        "createThreadLink",
        respond(
            200,
            "{\"data\":{\"createThreadLink\":{\"threadLink\":null,\"error\":{\"message\":\"Missing"
                + " permissions\",\"type\":\"FORBIDDEN\",\"code\":\"forbidden\",\"fields\":[]}}}}"));
    checkoutFails(f, "bob@example.com");
    delivered(f, 2);
    ticker.advance(Duration.ofMinutes(2)); // past the 429's Retry-After
    checkoutFails(f, "cyd@example.com");
    delivered(f, 3);

    // Each report became exactly one thread, at once: no retry, no duplicate, no failure.
    assertThat(plain.count("createThread")).isEqualTo(3);
    assertThat(plain.threadsCreated()).isEqualTo(3);
    assertThat(f.appender().getCounters().failed()).isZero();
    assertThat(f.appender().getCounters().retried()).isZero();
    // bob: the query was rate-limited, so the count came from what this instance knew (ann's
    // thread), and the link was refused. cyd: asked Plain again, the link is not tried again yet.
    assertThat(plain.count("bugThreads")).isEqualTo(3);
    assertThat(plain.count("createThreadLink")).isEqualTo(1);
    assertThat(plain.links()).isEmpty();
    assertThat(f.statuses(Status.WARN).stream().filter(s -> s.contains("rate-limited")))
        .as(f.allStatuses())
        .hasSize(1);
    assertThat(f.statuses(Status.WARN).stream().filter(s -> s.contains("createThreadLink")))
        .hasSize(1)
        .allMatch(s -> s.contains("docs/api-key.md"));
    assertThat(plain.schemaViolations()).isEmpty();
  }

  /** The stand-in's schema check can fail: a wrong link type and an unknown filter are caught. */
  @Test
  void theStandInsSchemaCheckRejectsWhatPlainWould() throws Exception {
    var requests =
        new io.github.plainlogback.internal.plain.PlainRequests(
            new com.fasterxml.jackson.databind.ObjectMapper());
    var link = requests.createThreadLink("th_1", "th_2");
    assertThat(PlainSchema.problems(link.query(), link.variables())).isEmpty();
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            link.variables().path("input").path("plainThread"))
        .put("linkType", "LINKED");
    assertThat(PlainSchema.problems(link.query(), link.variables())).isNotEmpty();
    var threads = requests.bugThreads("k", "f", "c_1");
    ((com.fasterxml.jackson.databind.node.ObjectNode) threads.variables().path("filters"))
        .put("externalId", "f");
    assertThat(PlainSchema.problems(threads.query(), threads.variables())).isNotEmpty();
  }
}
