package io.github.plainlogback.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.FakeTicker;
import io.github.plainlogback.internal.report.ErrorReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When stored reports are kept and replayed, on the injected clock. */
class SpoolReplayerTest {
  private final FakeTicker clock = new FakeTicker();
  private final DeliveryCounters counters = new DeliveryCounters();
  private final List<String> forgotten = new ArrayList<>();
  private final MemorySpool memory = new MemorySpool();

  private final AdmissionLedger ledger =
      new AdmissionLedger() {
        @Override
        public void delivered(long f, String e, String threadId, long nowNanos) {}

        @Override
        public void failed(long f, String e) {}

        @Override
        public void release(long f, String e) {}

        @Override
        public void forget(long f, String e) {
          forgotten.add(e);
        }

        @Override
        public PendingRepeats pollRepeating() {
          return null;
        }
      };

  /** Reports in memory; {@code room} says how many more it takes. */
  static final class MemorySpool implements Spool {
    final Deque<ErrorReport> stored = new ArrayDeque<>();
    int room = 100;
    int scans;

    @Override
    public boolean keep(ErrorReport report, boolean mayHaveReachedPlain) {
      if (room == 0) {
        return false;
      }
      room--;
      stored.add(report);
      return true;
    }

    @Override
    public Stored next() {
      ErrorReport r = stored.poll();
      return r == null
          ? null
          : new Stored() {
            @Override
            public ErrorReport report() {
              return r;
            }

            @Override
            public boolean mayHaveReachedPlain() {
              return false;
            }

            @Override
            public void done() {}

            @Override
            public void later() {
              stored.addFirst(r);
            }
          };
    }

    @Override
    public boolean hasWaiting() {
      scans++;
      return !stored.isEmpty();
    }

    @Override
    public long bytes() {
      return stored.size() * 100L;
    }
  }

  private SpoolReplayer replayer(Spool spool) {
    return new SpoolReplayer(spool, clock, counters, ledger);
  }

  @Test
  void withoutASpoolNothingIsKeptOrReplayed() {
    SpoolReplayer none = replayer(Spool.NONE);
    assertThat(none.isOn()).isFalse();
    assertThat(none.keepForLater(new DeliveryAttempt(Fixtures.report("a")))).isFalse();
    assertThat(none.keepQueued(Fixtures.report("a"))).isFalse();
    assertThat(none.next(false)).isNull();
    assertThat(none.bytes()).isZero();
    assertThat(counters.spooled.sum()).isZero();
  }

  @Test
  void aKeptLiveReportIsCountedAndForgottenSoItsNextOccurrenceIsReported() {
    SpoolReplayer r = replayer(memory);
    assertThat(r.keepForLater(new DeliveryAttempt(Fixtures.report("a")))).isTrue();
    assertThat(counters.spooled.sum()).isEqualTo(1);
    assertThat(forgotten).containsExactly("jane@example.com");
    memory.room = 0;
    assertThat(r.keepForLater(new DeliveryAttempt(Fixtures.report("b"))))
        .as("full: dropped as before")
        .isFalse();
  }

  @Test
  void storedReportsGoFirstThingThenOnlyAtTheMinutelyLookOrWhenPlainIsBack() {
    memory.keep(Fixtures.report("left by another process"), false);
    SpoolReplayer r = replayer(memory);
    Spool.Stored first = r.next(false);
    assertThat(first.report().message()).isEqualTo("left by another process");
    assertThat(r.next(false)).as("nothing more stored: replay ends").isNull();

    memory.keep(Fixtures.report("b"), false);
    clock.advance(Duration.ofSeconds(59));
    assertThat(r.next(false)).as("before the next look").isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(r.next(false).report().message()).isEqualTo("b");
    assertThat(r.next(false)).isNull();

    memory.keep(Fixtures.report("c"), false);
    int scans = memory.scans;
    r.plainAnswered();
    assertThat(r.next(false)).as("Plain never failed: no reason to replay").isNull();
    r.plainFailed();
    r.plainAnswered();
    assertThat(r.next(false).report().message()).as("Plain is back").isEqualTo("c");
    assertThat(memory.scans).as("no rescan needed for that").isEqualTo(scans);
  }

  @Test
  void aReplayedReportThatCannotGoNowStaysAndReplayWaitsForPlain() {
    memory.keep(Fixtures.report("a"), false);
    memory.keep(Fixtures.report("b"), false);
    SpoolReplayer r = replayer(memory);
    assertThat(r.next(true)).as("the key is in its cool-down").isNull();
    Spool.Stored a = r.next(false);
    DeliveryAttempt attempt = new DeliveryAttempt(a.report());
    attempt.stored = a;
    assertThat(r.keepForLater(attempt)).isTrue();
    assertThat(counters.spooled.sum()).as("it was already stored").isZero();
    assertThat(r.next(false)).as("until Plain answers again").isNull();
    r.plainFailed();
    r.plainAnswered();
    assertThat(r.next(false).report().message()).isEqualTo("a");
  }

  @Test
  void aHalfFullQueueSpillsIntoTheSpool() {
    SpoolReplayer r = replayer(memory);
    HandOffQueue queue = new HandOffQueue(4);
    queue.offer(Fixtures.report("a"));
    r.spill(queue);
    assertThat(queue.depth()).as("under half full: stays").isEqualTo(1);
    queue.offer(Fixtures.report("b"));
    memory.room = 1;
    r.spill(queue);
    assertThat(queue.depth()).as("the spool took one, then was full").isEqualTo(1);
    assertThat(memory.stored).extracting(ErrorReport::message).containsExactly("a");
    assertThat(counters.spooled.sum()).isEqualTo(1);
  }
}
