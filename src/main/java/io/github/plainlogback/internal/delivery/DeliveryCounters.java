package io.github.plainlogback.internal.delivery;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of what happened to error events. {@link LongAdder}s: logging threads bump them
 * concurrently.
 */
public final class DeliveryCounters {
  /**
   * ERROR events with a valid customer email that were not repeats (admitted, rate-limited or
   * dropped at once). Captured events are these and the {@link #deduplicated}: a repeat, the storm
   * case, then bumps one counter, not two.
   */
  public final LongAdder capturedFirsts = new LongAdder();

  /** ERROR events with a valid customer email that were considered for a thread. */
  public long captured() {
    return capturedFirsts.sum() + deduplicated.sum();
  }

  /** ERROR events without the MDC key. */
  public final LongAdder skippedNoEmail = new LongAdder();

  /** ERROR events whose MDC value is not a valid email. */
  public final LongAdder skippedInvalidEmail = new LongAdder();

  /** Occurrences folded into an earlier report inside the dedupe window. */
  public final LongAdder deduplicated = new LongAdder();

  /** Refused by a token bucket. */
  public final LongAdder rateLimited = new LongAdder();

  /** Dropped because the queue was full. */
  public final LongAdder droppedQueueFull = new LongAdder();

  /**
   * Dropped while sending is suspended after Plain refused the API key ({@code
   * authFailureBackoff}).
   */
  public final LongAdder droppedAuth = new LongAdder();

  /** Left in the queue when {@code stop()} ran out of time. */
  public final LongAdder droppedShutdown = new LongAdder();

  /** Threads created in Plain (or, in dry run, requests built and reported). */
  public final LongAdder delivered = new LongAdder();

  /** Reports Plain refused, or that still failed after {@code maxRetries} retries. */
  public final LongAdder failed = new LongAdder();

  /** Retries made (a report retried twice counts two). */
  public final LongAdder retried = new LongAdder();

  /**
   * "Happened again" events added to existing threads (first occurrences on this instance and
   * aggregated repeats).
   */
  public final LongAdder threadEvents = new LongAdder();

  /** Reports written to the spool directory. */
  public final LongAdder spooled = new LongAdder();

  /** Spooled reports delivered. */
  public final LongAdder replayed = new LongAdder();

  /** Spooled reports dropped (spool full, unreadable file, refused for good on replay). */
  public final LongAdder spoolDropped = new LongAdder();

  /** Wall-clock millis of the last report Plain accepted; 0 if none. */
  public volatile long lastDeliveredEpochMillis;

  /** Whether sending is suspended after Plain refused the API key. */
  public volatile boolean authCooldown;
}
