package io.github.plainlogback.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.FakeTicker;
import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.status.StatusSink;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker's own lifecycle, with a scripted delivery instead of Plain. */
@Timeout(30)
class DeliveryWorkerTest {
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final DeliveryCounters counters = new DeliveryCounters();
  private DeliveryWorker worker;

  private final StatusSink sink =
      new StatusSink() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {
          errors.add(message);
        }
      };

  private DeliveryWorker start(Function<ErrorReport, DeliveryOutcome> script) {
    return start(script, 0, DeliveryClock.of(Ticker.systemTicker()));
  }

  private DeliveryWorker start(
      Function<ErrorReport, DeliveryOutcome> script, int maxRetries, DeliveryClock clock) {
    ReportDelivery delivery =
        new ReportDelivery() {
          @Override
          public DeliveryOutcome attempt(DeliveryAttempt attempt) {
            return script.apply(attempt.report);
          }

          @Override
          public DeliveryOutcome sendEvent(
              String threadId, RecurrenceBatch batch, String externalId) {
            return new DeliveryOutcome.Delivered(threadId, true);
          }
        };
    worker =
        new DeliveryWorker(
            "plain-appender-test",
            16,
            new DeliveryWorker.Policy(
                new RetryPolicy(maxRetries, Duration.ofMillis(1), Duration.ofMillis(5)),
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                "i1"),
            new DeliveryWorker.Parts(
                delivery,
                new ReportAdmission(Duration.ofHours(1), 100, 30, 5, Ticker.systemTicker()),
                counters,
                new ThrottledStatus(sink, Ticker.systemTicker(), Duration.ofMinutes(1)),
                clock,
                () -> {},
                Spool.NONE,
                DeliveryWorker.Chore.NONE));
    worker.start();
    return worker;
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(1));
    }
  }

  private static ErrorReport report(String message) {
    return new ErrorReport(
        message.hashCode(),
        "jane@example.com",
        null,
        "shop.X",
        "main",
        0L,
        message,
        Map.of(),
        null,
        List.of());
  }

  @Test
  void aLinkageErrorFromOneReportIsCountedAsFailedAndDeliveryGoesOn() {
    start(
        r -> {
          if (r.message().equals("bad")) {
            throw new NoClassDefFoundError("kotlin/jvm/internal/Intrinsics");
          }
          return new DeliveryOutcome.Delivered("th_1", false);
        });
    assertThat(worker.offer(report("bad"))).isTrue();
    assertThat(worker.offer(report("good"))).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.delivered.sum() == 1);
    assertThat(counters.failed.sum()).isEqualTo(1);
    assertThat(errors)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains("NoClassDefFoundError")
                    .contains("kotlin/jvm/internal/Intrinsics")
                    .contains("j***@")
                    .doesNotContain("jane@"));
    assertThat(worker.deathCause()).isNull();
  }

  @Test
  void aWorkerThatCannotGoOnSaysSoOnceAndRefusesNewReports() {
    start(
        r -> {
          throw new OutOfMemoryError("test: Java heap space");
        });
    assertThat(worker.offer(report("a"))).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.deathCause() != null);
    assertThat(errors)
        .singleElement()
        .satisfies(m -> assertThat(m).contains("worker stopped").contains("Java heap space"));
    assertThat(worker.offer(report("b"))).as("nothing queued for a dead worker").isFalse();
  }

  @Test
  void aReportOfferedAfterStopIsRefusedNotLost() {
    start(r -> new DeliveryOutcome.Delivered("th_1", false));
    worker.stop(Duration.ofSeconds(1));
    assertThat(worker.offer(report("late"))).isFalse();
    assertThat(worker.isClosed()).isTrue();
    assertThat(worker.queueDepth()).isZero();
  }

  @Test
  void aRateLimitPausesEveryReportOnTheClockAndUsesUpNoRetry() {
    FakeTicker clock = new FakeTicker();
    List<String> attempts = new CopyOnWriteArrayList<>(); // "message at clock seconds"
    Duration tenMinutes = Duration.ofMinutes(10);
    start(
        r -> {
          attempts.add(r.message() + " at " + clock.read() / 1_000_000_000L);
          return attempts.size() <= 2
              ? new DeliveryOutcome.Retry(Fixtures.failure(429, tenMinutes))
              : new DeliveryOutcome.Delivered("th_" + r.message(), false);
        },
        0, // maxRetries 0: a 429 that spent a retry would fail the report at once
        clock);
    worker.offer(report("a"));
    worker.offer(report("b"));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.delivered.sum() == 2);
    assertThat(attempts)
        .as("two pauses of ten minutes on the clock, b waiting behind a: no real wait")
        .containsExactly("a at 1", "a at 601", "a at 1201", "b at 1201");
    assertThat(counters.failed.sum()).isZero();
    assertThat(counters.retried.sum()).isEqualTo(2);
  }

  @Test
  void retriesUsedUpFailTheReportAfterBackoffsOnTheClock() {
    FakeTicker clock = new FakeTicker();
    List<Long> attemptsAt = new CopyOnWriteArrayList<>();
    start(
        r -> {
          attemptsAt.add(clock.read());
          return new DeliveryOutcome.Retry(Fixtures.failure(503, Duration.ofSeconds(30)));
        },
        2,
        clock);
    worker.offer(report("a"));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.failed.sum() == 1);
    assertThat(attemptsAt).hasSize(3);
    assertThat(attemptsAt.get(2) - attemptsAt.get(0))
        .as("two waits of the 30 s Plain asked for")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(60).toNanos());
    assertThat(counters.retried.sum()).isEqualTo(2);
  }

  @Test
  void reportsDuringTheAuthCooldownAreDroppedWithoutCallingPlain() {
    FakeTicker clock = new FakeTicker();
    List<String> attempts = new CopyOnWriteArrayList<>();
    start(
        r -> {
          attempts.add(r.message());
          return attempts.size() == 1
              ? new DeliveryOutcome.AuthFailed(Fixtures.failure(401, null))
              : new DeliveryOutcome.Delivered("th_1", false);
        },
        0,
        clock);
    worker.offer(report("a"));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.failed.sum() == 1);
    worker.offer(report("b"));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.droppedAuth.sum() == 1);
    clock.advance(Duration.ofMinutes(5));
    worker.offer(report("c"));
    await().atMost(Duration.ofSeconds(10)).until(() -> counters.delivered.sum() == 1);
    assertThat(attempts).containsExactly("a", "c");
    assertThat(counters.authCooldown).isFalse();
  }
}
