package io.github.plainlogback;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link PlainThreadAppender} has done so far: a copy for reading, returned by {@link
 * PlainThreadAppender#getCounters()}. Each number is exact; the set is not taken atomically. Once
 * nothing is moving, {@code captured == deduplicated + rateLimited + dropped() + delivered + failed
 * + spooled + pending()} (with no spool, {@code spooled} stays 0).
 *
 * @param captured ERROR events with a valid customer email that were considered for a thread
 * @param skippedNoEmail ERROR events without the customer email MDC key
 * @param skippedInvalidEmail ERROR events whose customer email is not a valid address
 * @param deduplicated occurrences folded into an earlier report inside the dedupe window
 * @param rateLimited occurrences refused by a token bucket
 * @param droppedQueueFull reports dropped because the queue was full
 * @param droppedAuth reports dropped while sending was suspended after Plain refused the API key
 * @param droppedShutdown reports left undelivered when {@code stop()} ran out of time
 * @param delivered threads created in Plain (in dry run: requests built and reported)
 * @param failed reports Plain refused, or that failed for good
 * @param retried retries made (a report retried twice counts two)
 * @param threadEvents "Happened again" events added to existing threads
 * @param spooled reports written to the spool directory instead of being dropped or failed
 * @param replayed spooled reports delivered from the spool
 * @param spoolDropped spooled reports dropped because the spool was full, a file unreadable, or
 *     Plain refused the report for good when it was replayed
 * @param spoolBytes the spool directory's current size in bytes (0 without a spool)
 * @param queueDepth reports waiting in the queue now
 * @param inFlight 1 while a report is being delivered or waits for a retry, else 0
 * @param lastDeliveredAt when Plain last accepted a report, or {@code null} if never
 * @param authCooldown whether sending is suspended because Plain refused the API key
 */
public record PlainAppenderCounters(
    long captured,
    long skippedNoEmail,
    long skippedInvalidEmail,
    long deduplicated,
    long rateLimited,
    long droppedQueueFull,
    long droppedAuth,
    long droppedShutdown,
    long delivered,
    long failed,
    long retried,
    long threadEvents,
    long spooled,
    long replayed,
    long spoolDropped,
    long spoolBytes,
    int queueDepth,
    int inFlight,
    @Nullable Instant lastDeliveredAt,
    boolean authCooldown) {

  /** Reports dropped: queue full, auth cool-down and shutdown together. */
  public long dropped() {
    return droppedQueueFull + droppedAuth + droppedShutdown;
  }

  /** Reports waiting in the queue or being delivered. */
  public long pending() {
    return queueDepth + inFlight;
  }
}
