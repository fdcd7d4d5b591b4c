package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several instances of one service on one Plain workspace: each appender has its own LoggerContext,
 * as separate processes would, and they share the stand-in.
 */
@Timeout(60)
class FleetDeliveryTest {
  private static final String RATE_LIMITED =
      "{\"errors\":[{\"message\":\"Too Many Requests - Rate limit exceeded\",\"extensions\":{\"code\":\"RATE_LIMITED\"}}]}";

  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private final List<LoggingFixture> fleet = new ArrayList<>();

  @BeforeEach
  void startPlain() {
    plain = standIn.standIn();
  }

  @AfterEach
  void stopAll() {
    fleet.forEach(LoggingFixture::close);
  }

  private List<PlainThreadAppender> instances(int n, String extra) {
    List<PlainThreadAppender> appenders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LoggingFixture f =
          LoggingFixture.configure(
              LoggingFixture.config(
                  "<apiKey>plainApiKey_test"
                      + i // tells the instances apart at the stand-in
                      + "</apiKey><apiUrl>${plainUrl}</apiUrl>"
                      + extra),
              Map.of("plainUrl", plain.url()));
      assertThat(f.appender().isStarted()).as(f.allStatuses()).isTrue();
      fleet.add(f);
      appenders.add(f.appender());
    }
    return appenders;
  }

  private static long sum(
      List<PlainThreadAppender> appenders,
      java.util.function.ToLongFunction<PlainAppenderCounters> counter) {
    return appenders.stream().mapToLong(a -> counter.applyAsLong(a.getCounters())).sum();
  }

  @Test
  void sixAppendersRacingOnOneNewErrorMakeOneThreadAndFiveEvents() {
    plain.sendAtOnce(); // no ~40 ms of Nagle per answer to hide a lookup that came too late
    List<PlainThreadAppender> six = instances(6, "");
    // Each instance looks the error up before any of them has created it: the race. The answer
    // ("no thread") is taken before waiting for the others, so no lookup can see a thread another
    // instance created meanwhile, however fast the stand-in answers.
    CountDownLatch allLookedUp = new CountDownLatch(6);
    plain.override(
        call -> {
          if (call.operation().equals("threadByExternalId") && allLookedUp.getCount() > 0) {
            var notYet = plain.normal(call);
            allLookedUp.countDown();
            try {
              allLookedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return notYet;
          }
          return null;
        });
    for (LoggingFixture f : fleet) {
      try (var mdc = f.mdc("jane@example.com")) {
        f.logger("shop.Checkout").error("Payment provider declined");
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                sum(six, PlainAppenderCounters::delivered) == 6
                    && sum(six, PlainAppenderCounters::pending) == 0);
    assertThat(plain.count("createThread")).as("all six tried to create it").isEqualTo(6);
    assertThat(plain.threadsCreated()).isEqualTo(1);
    String thread =
        plain.calls().stream()
            .filter(c -> c.operation().equals("createThread"))
            .map(c -> c.input().path("externalId").asText())
            .findFirst()
            .map(id -> plain.threadId("jane@example.com", id))
            .orElseThrow();
    assertThat(plain.events(thread))
        .as("the five that lost the race each added their occurrence")
        .hasSize(5)
        .allSatisfy(e -> assertThat(e.input().path("title").asText()).contains("again"));
    assertThat(sum(six, PlainAppenderCounters::threadEvents)).isEqualTo(5);
    assertThat(sum(six, PlainAppenderCounters::failed)).isZero();
  }

  @Test
  void fourAppendersSharingA429WindowDeliverEveryReport() {
    // maxRetries 0: a 429 that used up a retry would fail every report at once.
    List<PlainThreadAppender> four = instances(4, "<maxRetries>0</maxRetries>");
    for (LoggingFixture f : fleet) {
      // Each instance's own fake clock, which its worker's pauses move: no real waiting.
      f.restartWith(new FakeTicker(), null);
    }
    // The window: Plain refuses every call until each instance has been refused twice.
    Map<String, Integer> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    plain.override(
        call -> {
          synchronized (refusals) {
            if (refusals.size() == 4 && refusals.values().stream().allMatch(n -> n >= 2)) {
              return null;
            }
            refusals.merge(call.raw().getHeaders().get("Authorization"), 1, Integer::sum);
          }
          return PlainStandIn.respond(429, RATE_LIMITED, "Retry-After: 1").apply(call);
        });
    int n = 0;
    for (LoggingFixture f : fleet) {
      for (String what : List.of("cart", "checkout", "invoice")) {
        try (var mdc = f.mdc("customer" + (n++) + "@example.com")) {
          f.logger("shop." + what).error(what + " failed");
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                sum(four, PlainAppenderCounters::delivered) == 12
                    && sum(four, PlainAppenderCounters::pending) == 0);
    assertThat(sum(four, PlainAppenderCounters::failed)).isZero();
    assertThat(four)
        .as("each waited out the window")
        .allSatisfy(a -> assertThat(a.getCounters().retried()).isGreaterThanOrEqualTo(2));
    assertThat(plain.threadsCreated()).isEqualTo(12);
  }
}
