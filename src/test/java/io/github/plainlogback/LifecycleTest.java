package io.github.plainlogback;

import static io.github.plainlogback.test.PlainStandIn.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The appender's lifecycle where real services run: stop() deadlines, JMX names shared by two
 * webapps, the auth cool-down, long 429 pauses, and what breadcrumbs keep alive.
 */
@Timeout(60)
class LifecycleTest {
  private static final String UNAUTHORIZED =
      "{\"errors\":[{\"message\":\"Invalid API key\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}";
  private static final String RATE_LIMITED =
      "{\"errors\":[{\"message\":\"Too Many Requests\",\"extensions\":{\"code\":\"RATE_LIMITED\"}}]}";

  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private final List<LoggingFixture> contexts = new ArrayList<>();
  private final FakeTicker ticker = new FakeTicker();

  @BeforeEach
  void startPlain() {
    plain = standIn.standIn();
  }

  @AfterEach
  void stopAll() {
    contexts.forEach(LoggingFixture::close);
  }

  private LoggingFixture configure(String extra) {
    LoggingFixture logging =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>" + extra),
            Map.of("plainUrl", plain.url()));
    contexts.add(logging);
    assertThat(logging.appender().isStarted()).as(logging.allStatuses()).isTrue();
    logging.restartWith(ticker, Duration.ofMillis(10));
    return logging;
  }

  private static void error(LoggingFixture logging, String email, String what) {
    try (var mdc = logging.mdc(email)) {
      logging.logger("shop." + what).error(what);
    }
  }

  @Test
  void stopHonoursShutdownTimeoutWhileSendingAggregatedRepeats() {
    Set<Thread> workersBefore = workers(); // other tests' appenders may be named PLAIN too
    LoggingFixture logging =
        configure(
            "<shutdownTimeout>1 second</shutdownTimeout>"
                + "<maxThreadsPerCustomerPerHour>10</maxThreadsPerCustomerPerHour>");
    PlainThreadAppender appender = logging.appender();
    List<String> errors = List.of("a", "b", "c", "d", "e", "f");
    for (String what : errors) {
      error(logging, "jane@example.com", what);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().delivered() == 6);
    for (String what : errors) {
      error(logging, "jane@example.com", what); // repeats, aggregated until stop()
    }
    // Plain answers each event, slowly: six of them take longer than the shutdown timeout.
    for (int i = 0; i < errors.size(); i++) {
      plain.script("createThreadEvent", plain.answerLate(Duration.ofMillis(400)));
    }

    long started = System.nanoTime();
    appender.stop();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    long eventsAtStop = plain.count("createThreadEvent");
    // Nothing may be sent once stop() returned: the worker is past its deadline.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> plain.count("createThreadEvent") == eventsAtStop);
    assertThat(eventsAtStop).as("about one second of 400 ms events").isBetween(1L, 4L);
    assertThat(workers()).as("this appender's worker has ended").isEqualTo(workersBefore);
  }

  private static Set<Thread> workers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("plain-appender-PLAIN"))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void twoWebappsWithTheSameContextAndAppenderNameEachKeepTheirMBean() throws Exception {
    LoggingFixture first = configure("");
    LoggingFixture second = configure("");
    var server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names =
        server.queryNames(
            new ObjectName(
                "io.github.plainlogback:type=PlainThreadAppender,context=\"test\",name=\"PLAIN\",*"),
            null);
    assertThat(names).hasSize(2);

    error(second, "jane@example.com", "a");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> second.appender().getCounters().delivered() == 1);
    first.appender().stop();
    Set<ObjectName> left =
        server.queryNames(
            new ObjectName(
                "io.github.plainlogback:type=PlainThreadAppender,context=\"test\",name=\"PLAIN\",*"),
            null);
    assertThat(left).as("the second webapp's MBean survives the first one's stop").hasSize(1);
    assertThat(server.getAttribute(left.iterator().next(), "Delivered")).isEqualTo(1L);
    second.appender().stop();
    assertThat(
            server.queryNames(
                new ObjectName(
                    "io.github.plainlogback:type=PlainThreadAppender,context=\"test\",*"),
                null))
        .isEmpty();
  }

  @Test
  void reportsDroppedDuringTheAuthCooldownGiveTheirTokensBack() {
    LoggingFixture logging =
        configure(
            "<authFailureBackoff>1 second</authFailureBackoff>"
                + "<maxThreadsPerMinute>2</maxThreadsPerMinute>");
    PlainThreadAppender appender = logging.appender();
    plain.script("upsertCustomer", respond(401, UNAUTHORIZED));
    error(logging, "jane@example.com", "a"); // refused: the cool-down starts
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().failed() == 1);
    error(logging, "omar@example.com", "b");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().droppedAuth() == 1);
    error(logging, "lena@example.com", "c");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().droppedAuth() == 2);

    ticker.advance(Duration.ofSeconds(2)); // the cool-down is over; the bucket barely refilled
    error(logging, "lena@example.com", "d");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().delivered() == 1);
    assertThat(appender.getCounters().rateLimited())
        .as("b and c never reached Plain, so they spent no token")
        .isZero();
  }

  @Test
  void aggregatedRepeatsAreSentOnceTheKeyWorksAgainWithoutANewError() throws Exception {
    LoggingFixture logging = configure("<authFailureBackoff>1 minute</authFailureBackoff>");
    PlainThreadAppender appender = logging.appender();
    error(logging, "jane@example.com", "a");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().delivered() == 1);
    String threadId =
        plain.threadId(
            "jane@example.com", plain.nextThread(10).input().path("externalId").asText());
    error(logging, "jane@example.com", "a"); // a repeat, waiting for its event
    plain.script("createThreadEvent", respond(401, UNAUTHORIZED));
    ticker.advance(Duration.ofMinutes(15)); // the recurrence interval: the event is refused
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.count("createThreadEvent") == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().authCooldown());

    ticker.advance(Duration.ofMinutes(16)); // past the cool-down and the next interval
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.events(threadId).size() == 1);
    assertThat(plain.events(threadId).get(0).input().path("title").asText())
        .isEqualTo("Happened again: 1 time");
    await().atMost(Duration.ofSeconds(10)).until(() -> !appender.getCounters().authCooldown());
  }

  @Test
  void quietThreadsAreSweptEvenWhileALong429PauseHoldsTheWorker() {
    LoggingFixture logging = configure("");
    PlainThreadAppender appender = logging.appender();
    // clock time and sweeps so far when the 429 went out, and when the retry arrived
    AtomicLongArray limitedAt = new AtomicLongArray(2);
    AtomicLongArray retriedAt = new AtomicLongArray(2);
    plain.script(
        "createThread",
        call -> {
          limitedAt.set(0, ticker.read());
          limitedAt.set(1, appender.breadcrumbSweeps());
          return respond(429, RATE_LIMITED, "Retry-After: 600").apply(call);
        },
        call -> {
          retriedAt.set(0, ticker.read());
          retriedAt.set(1, appender.breadcrumbSweeps());
          return null;
        });
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.Cart").info("added item 7");
    }
    error(logging, "jane@example.com", "a");
    // The worker's pause moves the fake clock: ten minutes pass without real waiting.
    await().atMost(Duration.ofSeconds(20)).until(() -> appender.getCounters().delivered() == 1);
    assertThat(plain.count("createThread")).isEqualTo(2);
    assertThat(Duration.ofNanos(retriedAt.get(0) - limitedAt.get(0)))
        .as("paused for Plain the whole 600 s")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(600));
    assertThat(retriedAt.get(1))
        .as("quiet threads swept during the pause")
        .isGreaterThan(limitedAt.get(1));
  }

  @Test
  void anErrorUsedAsABreadcrumbKeepsOnlyItsLineNotItsThrowable() {
    LoggingFixture logging = configure("");
    PlainThreadAppender appender = logging.appender();
    WeakReference<Throwable> thrown;
    try (var mdc = logging.mdc("jane@example.com")) {
      Throwable t = new IllegalStateException("payment declined", new RuntimeException("cause"));
      thrown = new WeakReference<>(t);
      logging.logger("shop.Checkout").error("checkout failed", t);
      t = null;
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().delivered() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              System.gc();
              return thrown.get() == null;
            });
    // The line itself is still there for the next error's report.
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.Checkout").error("second failure");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.threadsCreated() == 2);
    assertThat(plain.calls().toString()).contains("checkout failed");
  }
}
