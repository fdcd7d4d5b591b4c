package io.github.plainlogback.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.FakeTicker;
import io.github.plainlogback.internal.delivery.PendingRepeats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportAdmissionTest {
  private final FakeTicker ticker = new FakeTicker();

  private static Decision admit(ReportAdmission admission, long fingerprint, String email) {
    return admission.admit(fingerprint, email, 0L, () -> "message");
  }

  @Test
  void sameFingerprintAndCustomerIsDuplicateInsideTheWindowOnly() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1_000, 1_000, ticker);
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.DUPLICATE);
    assertThat(admit(admission, 1L, "b@example.com")).isEqualTo(Decision.ADMIT);
    assertThat(admit(admission, 2L, "a@example.com")).isEqualTo(Decision.ADMIT);
    assertThat(admission.occurrences(1L, "a@example.com")).isEqualTo(2);
    ticker.advance(Duration.ofMinutes(61));
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
  }

  @Test
  void refusedOccurrencesAreNotRememberedSoALaterOneGetsThrough() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1_000, 1, ticker);
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
    assertThat(admit(admission, 2L, "a@example.com")).isEqualTo(Decision.RATE_LIMITED_CUSTOMER);
    assertThat(admit(admission, 2L, "a@example.com")).isEqualTo(Decision.RATE_LIMITED_CUSTOMER);
    ticker.advance(Duration.ofHours(1));
    assertThat(admit(admission, 2L, "a@example.com")).isEqualTo(Decision.ADMIT);
  }

  @Test
  void globalRefusalDoesNotSpendTheCustomersToken() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1, 1, ticker);
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
    assertThat(admit(admission, 1L, "b@example.com")).isEqualTo(Decision.RATE_LIMITED_GLOBAL);
    ticker.advance(Duration.ofMinutes(1));
    assertThat(admit(admission, 1L, "b@example.com"))
        .as("b's own bucket is still full")
        .isEqualTo(Decision.ADMIT);
  }

  @Test
  void releaseForgetsTheOccurrenceAndReturnsItsTokens() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1, 1, ticker);
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
    admission.release(1L, "a@example.com");
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
  }

  @Test
  void dedupeCacheIsBounded() {
    ReportAdmission admission =
        new ReportAdmission(Duration.ofHours(1), 10, 100_000, 100_000, ticker);
    for (long i = 0; i < 1_000; i++) {
      admit(admission, i, "a@example.com");
    }
    admission.cleanUp();
    long tracked = 0;
    for (long i = 0; i < 1_000; i++) {
      tracked += admission.occurrences(i, "a@example.com") > 0 ? 1 : 0;
    }
    assertThat(tracked).isLessThanOrEqualTo(10);
  }

  @Test
  void repeatsAreCollectedForADeliveredReportButNotForOneThatFailedForGood() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1_000, 1_000, ticker);
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.ADMIT);
    assertThat(admit(admission, 2L, "a@example.com")).isEqualTo(Decision.ADMIT);
    admission.delivered(1L, "a@example.com", "th_1", ticker.read());
    admission.failed(2L, "a@example.com");
    assertThat(admit(admission, 1L, "a@example.com")).isEqualTo(Decision.DUPLICATE);
    assertThat(admit(admission, 2L, "a@example.com"))
        .as("still folded")
        .isEqualTo(Decision.DUPLICATE);
    PendingRepeats repeating = admission.pollRepeating();
    assertThat(repeating.fingerprint()).isEqualTo(1L);
    assertThat(repeating.threadId()).isEqualTo("th_1");
    assertThat(admission.pollRepeating()).as("nothing collected for the failed one").isNull();
  }

  @Test
  void aFullQueueRefusesANewErrorBeforeRecordingOrSpendingAnything() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1, 1, ticker);
    assertThat(admission.admit(1L, "a@example.com", 0L, () -> "m", false))
        .isEqualTo(Decision.QUEUE_FULL);
    assertThat(admission.occurrences(1L, "a@example.com")).isZero();
    assertThat(admission.admit(1L, "a@example.com", 0L, () -> "m", true))
        .as("no token was spent on the dropped one")
        .isEqualTo(Decision.ADMIT);
    assertThat(admission.admit(1L, "a@example.com", 0L, () -> "m", false))
        .as("a repeat is a repeat, full queue or not")
        .isEqualTo(Decision.DUPLICATE);
  }

  @Test
  void onlyTheFirstRepeatsOfABatchHaveTheirMessageFormatted() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1_000, 1_000, ticker);
    admit(admission, 1L, "a@example.com");
    java.util.concurrent.atomic.AtomicInteger formatted =
        new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < 1_000; i++) {
      admission.admit(
          1L, "a@example.com", i, () -> "same message " + formatted.incrementAndGet() % 1, true);
    }
    assertThat(formatted.get()).isEqualTo(Occurrences.SAMPLED_REPEATS);
    assertThat(admission.pollRepeating().takeBatch().count()).isEqualTo(1_000);
  }

  @Test
  void aBatchKeepsTheTimesOfItsFirstAndLastRepeatAndTheNextBatchSamplesAgain() {
    ReportAdmission admission = new ReportAdmission(Duration.ofHours(1), 100, 1_000, 1_000, ticker);
    admit(admission, 1L, "a@example.com");
    java.util.concurrent.atomic.AtomicInteger formatted =
        new java.util.concurrent.atomic.AtomicInteger();
    for (long millis : new long[] {10, 10, 10, 25, 25}) { // repeats within one millisecond too
      admission.admit(
          1L, "a@example.com", millis, () -> "m" + formatted.incrementAndGet() % 1, true);
    }
    PendingRepeats repeats = admission.pollRepeating();
    assertThat(admission.pollRepeating()).as("scheduled once for the batch").isNull();
    var batch = repeats.takeBatch();
    assertThat(batch.count()).isEqualTo(5);
    assertThat(batch.firstMillis()).isEqualTo(10);
    assertThat(batch.lastMillis()).isEqualTo(25);

    for (int i = 0; i < 2 * Occurrences.SAMPLED_REPEATS; i++) {
      admission.admit(
          1L, "a@example.com", 30, () -> "again " + formatted.incrementAndGet() % 1, true);
    }
    assertThat(admission.pollRepeating()).as("the next batch is scheduled again").isSameAs(repeats);
    assertThat(formatted.get())
        .as("the sample starts again with the next batch")
        .isEqualTo(5 + Occurrences.SAMPLED_REPEATS);
    var next = repeats.takeBatch();
    assertThat(next.count()).isEqualTo(2 * Occurrences.SAMPLED_REPEATS);
    assertThat(next.firstMillis()).isEqualTo(30);
    assertThat(next.lastMillis()).isEqualTo(30);
  }
}
