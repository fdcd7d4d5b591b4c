package io.github.plainlogback.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.FakeTicker;
import io.github.plainlogback.internal.admission.Decision;
import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Happened again" events: when they are due, their ids, and what a failure does to them. */
class RepeatSenderTest {
  private static final long FINGERPRINT = 0xabcL;
  private static final String EMAIL = "jane@example.com";

  private final FakeTicker clock = new FakeTicker();
  private final DeliveryCounters counters = new DeliveryCounters();
  private final Fixtures.Lines status = new Fixtures.Lines();
  private final SendGate gate =
      new SendGate(clock, Duration.ofMinutes(5), counters, status.status(clock));
  private final ReportAdmission admission =
      new ReportAdmission(Duration.ofHours(1), 100, 30, 5, clock);
  private final List<String> sent = new ArrayList<>(); // "threadId count externalId"
  private final Deque<DeliveryOutcome> outcomes = new ArrayDeque<>();
  private int answered;

  private final RepeatSender sender =
      new RepeatSender(
          new ReportDelivery() {
            @Override
            public DeliveryOutcome attempt(DeliveryAttempt attempt) {
              throw new AssertionError("not for repeats");
            }

            @Override
            public DeliveryOutcome sendEvent(
                String threadId, RecurrenceBatch batch, String externalId) {
              sent.add(threadId + " " + batch.count() + " " + externalId);
              DeliveryOutcome next = outcomes.poll();
              return next != null ? next : new DeliveryOutcome.Delivered(threadId, true);
            }
          },
          admission,
          counters,
          gate,
          clock,
          Duration.ofMinutes(15),
          "i1",
          () -> answered++);

  @BeforeEach
  void aDeliveredErrorThatHappenedTwiceMore() {
    assertThat(admit()).isEqualTo(Decision.ADMIT);
    admission.delivered(FINGERPRINT, EMAIL, "th_1", clock.read());
    assertThat(admit()).isEqualTo(Decision.DUPLICATE);
    assertThat(admit()).isEqualTo(Decision.DUPLICATE);
  }

  private Decision admit() {
    return admission.admit(FINGERPRINT, EMAIL, System.currentTimeMillis(), () -> "failed");
  }

  private void flush() {
    sender.flush(false, () -> false);
  }

  private String eventId(int n) {
    return ErrorReport.hex(FINGERPRINT) + "-i1-" + n;
  }

  @Test
  void oneEventPerIntervalOnTheClock() {
    flush();
    assertThat(sent).as("not before one interval after the thread").isEmpty();
    clock.advance(Duration.ofMinutes(15));
    flush();
    assertThat(sent).containsExactly("th_1 2 " + eventId(1));
    assertThat(counters.threadEvents.sum()).isEqualTo(1);
    assertThat(answered).isEqualTo(1);

    admit();
    clock.advance(Duration.ofMinutes(14));
    flush();
    assertThat(sent).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    flush();
    assertThat(sent).containsExactly("th_1 2 " + eventId(1), "th_1 1 " + eventId(2));
  }

  @Test
  void aRetryKeepsTheOccurrencesAndTheEventIdForTheNextInterval() {
    outcomes.add(new DeliveryOutcome.Retry(Fixtures.failure(503, null)));
    clock.advance(Duration.ofMinutes(15));
    flush();
    admit(); // one more meanwhile
    clock.advance(Duration.ofMinutes(15));
    flush();
    assertThat(sent).containsExactly("th_1 2 " + eventId(1), "th_1 3 " + eventId(1));
    assertThat(counters.threadEvents.sum()).isEqualTo(1);
  }

  @Test
  void aRefusedKeyStartsTheCooldownAndTheEventWaitsItOut() {
    outcomes.add(new DeliveryOutcome.AuthFailed(Fixtures.failure(401, null)));
    clock.advance(Duration.ofMinutes(15));
    flush();
    assertThat(gate.inAuthCooldown()).isTrue();
    clock.advance(Duration.ofMinutes(4));
    flush();
    assertThat(sent).as("nothing during the cool-down").hasSize(1);
    clock.advance(Duration.ofMinutes(11)); // past the cool-down and the next interval
    flush();
    assertThat(sent).containsExactly("th_1 2 " + eventId(1), "th_1 2 " + eventId(1));
    assertThat(gate.inAuthCooldown()).isFalse();
    assertThat(counters.authCooldown).as("the event was the probe, and it passed").isFalse();
  }

  @Test
  void nothingIsSentWhilePaused() {
    clock.advance(Duration.ofMinutes(15));
    gate.pause(Duration.ofSeconds(30));
    flush();
    assertThat(sent).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    flush();
    assertThat(sent).hasSize(1);
  }

  @Test
  void atShutdownEverythingWaitingGoesWhileTimeRemains() {
    sender.flush(true, () -> true);
    assertThat(sent).as("out of time: nothing").isEmpty();
    sender.flush(true, () -> false);
    assertThat(sent)
        .as("due at once, whatever the interval")
        .containsExactly("th_1 2 " + eventId(1));
  }

  @Test
  void anEventRefusedForGoodIsNotRetried() {
    outcomes.add(new DeliveryOutcome.Failed("VALIDATION"));
    clock.advance(Duration.ofMinutes(15));
    flush();
    clock.advance(Duration.ofMinutes(15));
    flush();
    assertThat(sent).hasSize(1);
    assertThat(counters.threadEvents.sum()).isZero();
  }
}
