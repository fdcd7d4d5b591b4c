package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service on virtual threads (Java 21+; Spring Boot's {@code spring.threads.virtual.enabled},
 * Tomcat's and Jetty's virtual-thread executors): one new thread per request, never reused.
 * Breadcrumbs stay per request, called directly and behind AsyncAppender, and what the appender
 * keeps does not grow with the number of requests. The code is built for Java 17, so virtual
 * threads are reached by reflection, and on a JVM without them the tests are skipped, saying so.
 */
@Timeout(120)
class VirtualThreadRequestsTest {
  private static final String PLAIN_BODY =
      "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>";

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

  /** A new virtual thread per task, or the test is skipped on this JVM. */
  private static ExecutorService virtualThreadPerTask() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      Assumptions.abort(
          "virtual threads need Java 21+; this JVM is " + System.getProperty("java.version"));
      throw new AssertionError(e);
    }
  }

  private static boolean isVirtual(Thread t) throws ReflectiveOperationException {
    return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
  }

  private void configure(String xml) {
    logging = LoggingFixture.configure(xml, Map.of("plainUrl", plain.url()));
    assertThat(logging.appender() == null || logging.appender().isStarted())
        .as(logging.allStatuses())
        .isTrue();
  }

  @Test
  void interleavedRequestsOfTwoCustomersEachReportOnlyTheirOwnLines() throws Exception {
    configure(LoggingFixture.config(PLAIN_BODY));
    assertTwoInterleavedRequestsKeepTheirOwnLines();
  }

  @Test
  void behindAsyncAppenderInterleavedRequestsEachReportOnlyTheirOwnLines() throws Exception {
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
    assertTwoInterleavedRequestsKeepTheirOwnLines();
  }

  /** Two requests on two virtual threads: both log step n before either logs step n + 1. */
  private void assertTwoInterleavedRequestsKeepTheirOwnLines() throws Exception {
    ExecutorService threads = virtualThreadPerTask();
    Phaser steps = new Phaser(2);
    List<Future<Boolean>> requests = new ArrayList<>();
    for (String who : List.of("jane", "omar")) {
      requests.add(
          threads.submit(
              () -> {
                try (var mdc = logging.mdc(who + "@example.com")) {
                  Logger cart = logging.logger("shop.Cart");
                  for (int step = 1; step <= 3; step++) {
                    cart.info("{} step {}", who, step);
                    steps.arriveAndAwaitAdvance();
                  }
                  logging.logger("shop.Checkout." + who).error("Checkout failed for " + who);
                  steps.arriveAndAwaitAdvance();
                }
                return isVirtual(Thread.currentThread());
              }));
    }
    for (Future<Boolean> request : requests) {
      assertThat(request.get(20, TimeUnit.SECONDS)).as("ran on a virtual thread").isTrue();
    }
    threads.shutdown();
    Map<String, String> crumbs = crumbsByCustomer(2);
    assertThat(crumbs.get("jane@example.com"))
        .contains("jane step 1", "jane step 2", "jane step 3")
        .doesNotContain("omar");
    assertThat(crumbs.get("omar@example.com"))
        .contains("omar step 1", "omar step 2", "omar step 3")
        .doesNotContain("jane");
  }

  @Test
  void aRequestsInfoLinesDoNotMakeLogbackCopyItsMdc() throws Exception {
    // Logback copies a thread's MDC into a read-only map the first time an event's MDC is asked for
    // after a change: on a new virtual thread per request, that was a copy per request that
    // Logback alone never makes. The breadcrumbs read the live MDC instead; the ERROR still asks.
    MapCountingMdcAdapter mdc = new MapCountingMdcAdapter();
    logging =
        LoggingFixture.configure(
            LoggingFixture.config(PLAIN_BODY), Map.of("plainUrl", plain.url()), mdc);
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    ExecutorService threads = virtualThreadPerTask();
    Future<Integer> request =
        threads.submit(
            () -> {
              try (var scope = logging.mdc("jane@example.com")) {
                Logger cart = logging.logger("shop.Cart");
                for (int step = 1; step <= 3; step++) {
                  cart.info("jane step {}", step);
                }
                int asked = mdc.mapsAsked();
                logging.logger("shop.Checkout").error("Checkout failed for jane");
                return asked;
              }
            });
    assertThat(request.get(20, TimeUnit.SECONDS))
        .as("read-only MDC maps asked for by the three INFO lines")
        .isZero();
    threads.shutdown();
    assertThat(crumbsByCustomer(1).get("jane@example.com"))
        .contains("jane step 1", "jane step 2", "jane step 3");
  }

  @Test
  void whatIsRetainedDoesNotGrowWithTheNumberOfRequests() throws Exception {
    configure(LoggingFixture.config(PLAIN_BODY));
    String[] customers = new String[5_000];
    for (int i = 0; i < customers.length; i++) {
      customers[i] = "customer" + i + "@example.com";
    }
    serve(20_000, customers);
    long after20k = retainedHeap();
    serve(200_000, customers);
    long after220k = retainedHeap();
    // Before the trail's table, every request left a thread's holder, ring and two registrations
    // behind: about 110 bytes each, some 20 MB for these 200,000 requests.
    assertThat(after220k - after20k)
        .as("bytes retained after 220,000 requests beyond those after 20,000")
        .isLessThan(4L << 20);
    assertThat(logging.appender().getCounters().captured()).isZero();
  }

  /** {@code requests} requests, each on a new virtual thread: three INFO lines for a customer. */
  private void serve(int requests, String[] customers) throws Exception {
    ExecutorService threads = virtualThreadPerTask();
    Semaphore inFlight = new Semaphore(256);
    Logger log = logging.logger("shop.Checkout");
    for (int i = 0; i < requests; i++) {
      inFlight.acquire();
      String customer = customers[i % customers.length];
      int order = i;
      threads.execute(
          () -> {
            try (var mdc = logging.mdc(customer)) {
              log.info("Added item {} to the cart", order % 97);
              log.info("Cart has {} items", 3);
              log.info("Checkout started for order {}", order);
            } finally {
              inFlight.release();
            }
          });
    }
    threads.shutdown();
    assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
  }

  private static long retainedHeap() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private Map<String, String> crumbsByCustomer(int threads) throws InterruptedException {
    return BeforeTheError.byCustomer(plain, threads);
  }
}
