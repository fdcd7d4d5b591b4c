package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.RecurrenceBatch;
import org.jspecify.annotations.Nullable;

/**
 * Repeats of one error for one customer waiting to be told to Plain as a "Happened again" event.
 * Logging threads add to it; the worker takes batches through these methods only.
 */
public interface PendingRepeats {
  long fingerprint();

  String customerEmail();

  /** The first occurrence was not delivered: its repeats have no thread to go to. */
  boolean isAbandoned();

  /** The thread the repeats go to, or null while the first occurrence is on its way. */
  @Nullable String threadId();

  /**
   * Whether an event may be sent now: the thread is known and the last event is at least {@code
   * intervalNanos} old (or {@code flushAll}, at shutdown).
   */
  boolean eventDue(long nowNanos, long intervalNanos, boolean flushAll);

  /**
   * What was recorded since the last batch; resets the counts, and a new repeat schedules it again.
   */
  RecurrenceBatch takeBatch();

  /** The sequence number of the next event, part of its external id (stable across retries). */
  int nextEventNumber();

  /** The event for the last batch was added at {@code nowNanos}. */
  void eventSent(long nowNanos);

  /** The event for the last batch was refused for good at {@code nowNanos}; its batch is gone. */
  void eventFailed(long nowNanos);

  /**
   * The event for {@code batch} could not be sent now: its occurrences go with the next one, under
   * the same event number.
   *
   * @return whether the caller must watch it again (no logging thread scheduled it meanwhile)
   */
  boolean putBack(RecurrenceBatch batch, long nowNanos);
}
