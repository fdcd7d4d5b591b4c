package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Sends "Happened again" events for repeats the admission stage aggregated: for each thread at most
 * one per recurrence interval (or, at shutdown, whatever is waiting). An event that fails keeps its
 * occurrences for the next try, under the same external id. Worker thread only.
 */
final class RepeatSender {
  private final ReportDelivery delivery;
  private final AdmissionLedger admission;
  private final DeliveryCounters counters;
  private final SendGate gate;
  private final DeliveryClock clock;
  private final long intervalNanos;
  private final String instanceId;

  /** Called when Plain accepted an event (so a spool waiting for Plain may replay). */
  private final Runnable plainAnswered;

  /** Occurrences with repeats waiting for their event. */
  private final List<PendingRepeats> repeats = new ArrayList<>();

  private final List<PendingRepeats> later = new ArrayList<>();

  /**
   * @param instanceId distinguishes this instance's event ids from other instances'
   */
  RepeatSender(
      ReportDelivery delivery,
      AdmissionLedger admission,
      DeliveryCounters counters,
      SendGate gate,
      DeliveryClock clock,
      Duration recurrenceInterval,
      String instanceId,
      Runnable plainAnswered) {
    this.delivery = delivery;
    this.admission = admission;
    this.counters = counters;
    this.gate = gate;
    this.clock = clock;
    this.intervalNanos = recurrenceInterval.toNanos();
    this.instanceId = instanceId;
    this.plainAnswered = plainAnswered;
  }

  /**
   * Sends the events that are due.
   *
   * @param all at shutdown: every waiting batch is due, and threads are not looked up
   * @param outOfTime true once stop() has no time left: what is left is not sent
   */
  void flush(boolean all, BooleanSupplier outOfTime) {
    PendingRepeats o;
    while ((o = admission.pollRepeating()) != null) {
      repeats.add(o);
    }
    if (repeats.isEmpty() || gate.inAuthCooldown() || gate.isPaused()) {
      return; // once the cool-down is over, the next event is the probe
    }
    long now = clock.nanos();
    for (Iterator<PendingRepeats> it = repeats.iterator(); it.hasNext(); ) {
      if (outOfTime.getAsBoolean()) {
        return;
      }
      PendingRepeats occ = it.next();
      if (occ.isAbandoned()) {
        it.remove();
        continue;
      }
      if (!occ.eventDue(now, intervalNanos, all)) {
        continue; // its first occurrence is still on its way, or the last event was too recent
      }
      it.remove();
      RecurrenceBatch batch = occ.takeBatch();
      if (batch.count() == 0) {
        continue;
      }
      String eventId =
          ErrorReport.hex(occ.fingerprint()) + "-" + instanceId + "-" + occ.nextEventNumber();
      // Not at shutdown: time is short there, and the dedupe state dies with the appender anyway.
      String threadId = Objects.requireNonNull(occ.threadId(), "set when an event is due");
      boolean threadDone = !all && delivery.threadIsDone(threadId);
      DeliveryOutcome outcome = delivery.sendEvent(threadId, batch, eventId);
      if (outcome instanceof DeliveryOutcome.Delivered) {
        gate.keyWorks();
        plainAnswered.run();
        occ.eventSent(now);
        if (threadDone) {
          // Support closed the thread inside the dedupe window: the repeats are on its record
          // now, and the next occurrence asks Plain again, which opens the successor.
          admission.forget(occ.fingerprint(), occ.customerEmail());
        }
        counters.threadEvents.increment(); // last, so a reader of the counter sees the above done
      } else if (outcome instanceof DeliveryOutcome.Retry
          || outcome instanceof DeliveryOutcome.AuthFailed) {
        // tried again one interval later, under the same event id
        if (occ.putBack(batch, now)) {
          later.add(occ);
        }
        if (outcome instanceof DeliveryOutcome.AuthFailed auth) {
          gate.keyRefused(auth.failure());
          break;
        }
      } else {
        occ.eventFailed(now);
      }
    }
    repeats.addAll(later);
    later.clear();
  }
}
