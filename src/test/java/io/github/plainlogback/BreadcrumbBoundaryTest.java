package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which lines are "the same request" in deployments the per-thread rule alone got wrong: behind
 * AsyncAppender, with a request id in the MDC, and with a filter that puts the very same String on
 * every request.
 */
@Timeout(60)
class BreadcrumbBoundaryTest {
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

  private void configure(String xml) {
    logging = LoggingFixture.configure(xml, Map.of("plainUrl", plain.url()));
    assertThat(logging.appender() == null || logging.appender().isStarted())
        .as(logging.allStatuses())
        .isTrue();
  }

  private static final String PLAIN_BODY =
      "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>";

  private Map<String, String> crumbsByCustomer(int threads) throws InterruptedException {
    return BeforeTheError.byCustomer(plain, threads);
  }

  @Test
  void behindAsyncAppenderEachReportShowsOnlyItsOwnThreadsLines() throws Exception {
    configure(
        "<configuration>\n"
            + "  <appender name=\"PLAIN\" class=\"io.github.plainlogback.PlainThreadAppender\">"
            + PLAIN_BODY
            + "</appender>\n"
            + "  <appender name=\"ASYNC\" class=\"ch.qos.logback.classic.AsyncAppender\">\n"
            + "    <appender-ref ref=\"PLAIN\"/>\n"
            + "  </appender>\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"ASYNC\"/></root>\n"
            + "</configuration>");
    var async =
        (ch.qos.logback.classic.AsyncAppender)
            logging.context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
    PlainThreadAppender appender = (PlainThreadAppender) async.getAppender("PLAIN");
    assertThat(appender.isStarted()).isTrue();

    // Two requests on two threads, interleaved: both log step n before either logs step n + 1.
    Phaser steps = new Phaser(2);
    List<Thread> requests = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (String who : List.of("jane", "omar")) {
      Thread t =
          new Thread(
              () -> {
                try (var mdc = logging.mdc(who + "@example.com")) {
                  Logger cart = logging.logger("shop.Cart");
                  for (int step = 1; step <= 3; step++) {
                    cart.info("{} step {}", who, step);
                    steps.arriveAndAwaitAdvance();
                  }
                  logging.logger("shop.Checkout." + who).error("Checkout failed for " + who);
                  steps.arriveAndAwaitAdvance();
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "request-" + who);
      requests.add(t);
      t.start();
    }
    for (Thread t : requests) {
      t.join(TimeUnit.SECONDS.toMillis(20));
    }
    assertThat(failures).isEmpty();
    Map<String, String> crumbs = crumbsByCustomer(2);
    assertThat(crumbs.get("jane@example.com"))
        .contains("jane step 1", "jane step 2", "jane step 3")
        .doesNotContain("omar");
    assertThat(crumbs.get("omar@example.com"))
        .contains("omar step 1", "omar step 2", "omar step 3")
        .doesNotContain("jane");
  }

  @Test
  void aFilterThatPutsTheSameStringOnEveryRequestStillStartsANewTrail() throws Exception {
    configure(LoggingFixture.config(PLAIN_BODY));
    Logger http = logging.logger("shop.Http");
    String principalName = new String("jane@example.com"); // Principal.getName(): one String
    try (var mdc = logging.mdc(principalName, "Jane")) {
      http.info("GET /orders (the previous request)");
    }
    try (var mdc = logging.mdc(principalName, "Jane")) {
      http.info("POST /checkout");
      logging.logger("shop.Checkout").error("Checkout failed");
    }
    String crumbs = crumbsByCustomer(1).get("jane@example.com");
    assertThat(crumbs).contains("POST /checkout").doesNotContain("GET /orders");
  }

  @Test
  void aKeyAddedDuringARequestKeepsItsTrail() throws Exception {
    configure(LoggingFixture.config(PLAIN_BODY));
    Logger http = logging.logger("shop.Http");
    String principalName = new String("jane@example.com");
    try (var mdc = logging.mdc(principalName, "Jane")) {
      http.info("POST /checkout");
      logging.context.getMDCAdapter().put("orderId", "42");
      http.info("order created");
      logging.context.getMDCAdapter().put("orderId", "43");
      logging.logger("shop.Checkout").error("Checkout failed");
      logging.context.getMDCAdapter().remove("orderId");
    }
    assertThat(crumbsByCustomer(1).get("jane@example.com"))
        .contains("POST /checkout", "order created");
  }

  @Test
  void withRequestIdMdcKeyANewIdStartsANewTrailAndTheSameIdKeepsIt() throws Exception {
    configure(LoggingFixture.config(PLAIN_BODY + "<requestIdMdcKey>traceId</requestIdMdcKey>"));
    Logger http = logging.logger("shop.Http");
    var mdcAdapter = logging.context.getMDCAdapter();
    String jane = new String("jane@example.com");
    try (var mdc = logging.mdc(jane)) {
      mdcAdapter.put("traceId", "t-1");
      http.info("GET /orders (trace t-1)");
      // Same customer String, same keys, only the trace differs: a new request all the same.
      mdcAdapter.put("traceId", "t-2");
      http.info("POST /checkout (trace t-2)");
      mdcAdapter.put("spanId", "s-9"); // a new span in the same trace keeps the trail
      http.info("charging card");
      logging.logger("shop.Checkout").error("Checkout failed");
      mdcAdapter.remove("traceId");
      mdcAdapter.remove("spanId");
    }
    assertThat(crumbsByCustomer(1).get("jane@example.com"))
        .contains("POST /checkout (trace t-2)", "charging card")
        .doesNotContain("t-1");
  }
}
