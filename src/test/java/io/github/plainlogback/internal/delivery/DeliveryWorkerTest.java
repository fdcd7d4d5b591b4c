package io.github.plainlogback.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
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
            delivery,
            counters,
            new ThrottledStatus(sink, Ticker.systemTicker(), Duration.ofMinutes(1)),
            new DeliveryWorker.Policy(
                new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(5)),
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                "i1"),
            Ticker.systemTicker(),
            new ReportAdmission(Duration.ofHours(1), 100, 30, 5, Ticker.systemTicker()),
            () -> {},
            null);
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
}
