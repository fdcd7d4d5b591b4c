package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.ErrorReport;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The worker's use of its {@link Spool}: keeps what cannot be delivered now instead of dropping it,
 * and says when stored reports are delivered again: first thing after start, whenever Plain answers
 * again after failing, and once a minute (reports other processes left). With {@link Spool#NONE} it
 * keeps nothing and never replays. Worker thread only, except {@link #bytes}.
 */
final class SpoolReplayer {
  /** How often the worker looks for stored reports while nothing else prompts it. */
  static final long SCAN_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Spool spool;
  private final DeliveryClock clock;
  private final DeliveryCounters counters;
  private final AdmissionLedger admission;

  /** Whether stored reports are delivered now. */
  private boolean replayDue;

  /** Whether Plain failed since it last accepted something. */
  private boolean outage;

  /** Clock time of the next look into the spool. */
  private long nextScan;

  SpoolReplayer(
      Spool spool, DeliveryClock clock, DeliveryCounters counters, AdmissionLedger admission) {
    this.spool = spool;
    this.clock = clock;
    this.counters = counters;
    this.admission = admission;
    this.nextScan = clock.nanos();
  }

  boolean isOn() {
    return spool.isOn();
  }

  /** The spool's size in bytes as last measured; 0 without one. */
  long bytes() {
    return spool.bytes();
  }

  /**
   * Keeps a report that cannot be delivered now (stop ran out of time, retries used up, auth
   * cool-down). A replayed report simply stays where it is.
   *
   * @return false without a spool or when it could not store the report: drop it as before
   */
  boolean keepForLater(DeliveryAttempt attempt) {
    if (attempt.stored != null) {
      attempt.stored.later();
      replayDue = false; // until Plain answers again
      return true;
    }
    if (!spool.keep(attempt.report, attempt.createMayHaveReachedPlain)) {
      return false;
    }
    counters.spooled.increment();
    admission.forget(attempt.report.fingerprint(), attempt.report.customerEmail());
    return true;
  }

  /** Keeps a queued report Plain was never called for; false when not kept. */
  boolean keepQueued(ErrorReport report) {
    if (!spool.keep(report, false)) {
      return false;
    }
    counters.spooled.increment();
    return true;
  }

  /** Plain failed (may pass): when it answers again, stored reports go. */
  void plainFailed() {
    outage = true;
  }

  /** Plain accepted something; if it had been failing, stored reports go now. */
  void plainAnswered() {
    if (outage) {
      outage = false;
      replayDue = spool.isOn();
    }
  }

  /**
   * The oldest stored report to deliver now, claimed; null when replay is not due (or the periodic
   * look finds none), or {@code mayNotSend}.
   */
  Spool.@Nullable Stored next(boolean mayNotSend) {
    if (!spool.isOn()) {
      return null;
    }
    long now = clock.nanos();
    if (!replayDue && now - nextScan >= 0) {
      nextScan = now + SCAN_NANOS;
      replayDue =
          spool.hasWaiting(); // also once a minute while Plain is down, to notice it is back
    }
    if (!replayDue || mayNotSend) {
      return null;
    }
    Spool.Stored stored = spool.next();
    if (stored == null) {
      replayDue = false;
    }
    return stored;
  }

  /** A stored report could not be tried (a bug): it stays, and replay waits for Plain. */
  void replayFailed(Spool.Stored stored) {
    stored.later();
    replayDue = false;
  }

  /** A replayed report is in Plain now. */
  void replayed(DeliveryAttempt attempt, DeliveryOutcome.Delivered d) {
    Objects.requireNonNull(attempt.stored, "a replayed attempt").done();
    counters.replayed.increment();
    counters.lastDeliveredEpochMillis = System.currentTimeMillis();
    if (d.asEvent()) {
      counters.threadEvents.increment();
    }
  }

  /** Plain refused a replayed report for good (reported by the delivery): replaying won't help. */
  void refusedForGood(DeliveryAttempt attempt) {
    Objects.requireNonNull(attempt.stored, "a replayed attempt").done();
    counters.spoolDropped.increment();
  }

  /**
   * While Plain makes the worker wait, queued reports move to the spool once the queue is half
   * full, so errors logged meanwhile still find room.
   */
  void spill(HandOffQueue queue) {
    if (!spool.isOn() || !queue.halfFull()) {
      return;
    }
    ErrorReport r;
    while ((r = queue.poll()) != null) {
      if (!keepQueued(r)) {
        queue.putBack(r); // no room on disk either: it waits in memory as before
        return;
      }
      admission.forget(r.fingerprint(), r.customerEmail());
    }
  }
}
