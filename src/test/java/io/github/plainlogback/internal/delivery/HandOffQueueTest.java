package io.github.plainlogback.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.report.ErrorReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounded hand-off and its stop. */
class HandOffQueueTest {
  private final HandOffQueue queue = new HandOffQueue(2);

  @Test
  void aFullQueueRefusesAndTheOneInFlightDoesNotCount() {
    assertThat(queue.offer(Fixtures.report("a"))).isEqualTo(HandOffQueue.Offer.QUEUED);
    assertThat(queue.hasRoom()).isTrue();
    assertThat(queue.offer(Fixtures.report("b"))).isEqualTo(HandOffQueue.Offer.QUEUED);
    assertThat(queue.hasRoom()).isFalse();
    assertThat(queue.offer(Fixtures.report("c"))).isEqualTo(HandOffQueue.Offer.REFUSED);
    assertThat(queue.depth()).isEqualTo(2);
    ErrorReport first = queue.poll();
    assertThat(first.message()).isEqualTo("a");
    assertThat(queue.depth()).as("the bound is on reports waiting").isEqualTo(1);
    assertThat(queue.offer(Fixtures.report("c"))).isEqualTo(HandOffQueue.Offer.QUEUED);
  }

  @Test
  void halfFullFromHalfTheCapacityRoundedUp() {
    HandOffQueue three = new HandOffQueue(3);
    three.offer(Fixtures.report("a"));
    assertThat(three.halfFull()).isFalse();
    three.offer(Fixtures.report("b"));
    assertThat(three.halfFull()).isTrue();
  }

  @Test
  void aReportPutBackCountsAgainAndGoesLast() {
    queue.offer(Fixtures.report("a"));
    queue.offer(Fixtures.report("b"));
    ErrorReport a = queue.poll();
    queue.putBack(a);
    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.poll().message()).isEqualTo("b");
    assertThat(queue.poll().message()).isEqualTo("a");
    assertThat(queue.poll()).isNull();
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void closingRefusesOffersAndDrainTakesWhatIsLeft() {
    queue.offer(Fixtures.report("a"));
    assertThat(queue.nanosToStopDeadline()).isEqualTo(Long.MAX_VALUE);
    assertThat(queue.pastStopDeadline()).isFalse();
    queue.close(Duration.ofMinutes(1));
    assertThat(queue.isClosed()).isTrue();
    assertThat(queue.pastStopDeadline()).isFalse();
    assertThat(queue.nanosToStopDeadline()).isPositive().isLessThanOrEqualTo(60_000_000_000L);
    assertThat(queue.offer(Fixtures.report("b"))).isEqualTo(HandOffQueue.Offer.REFUSED);
    assertThat(queue.drain()).extracting(ErrorReport::message).containsExactly("a");
    assertThat(queue.depth()).isZero();
  }

  @Test
  void aSpentTimeoutIsPastItsDeadlineAtOnce() {
    queue.close(Duration.ofNanos(-1));
    assertThat(queue.pastStopDeadline()).isTrue();
    assertThat(queue.nanosToStopDeadline()).isNegative();
  }
}
