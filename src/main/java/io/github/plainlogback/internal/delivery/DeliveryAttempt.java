package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.ErrorReport;
import org.jspecify.annotations.Nullable;

/**
 * One report on its way to Plain, with what earlier attempts learned, so a retry resumes instead of
 * starting over: the customer id once upserted, whether a {@code createThread} may already have
 * reached Plain, and the external id chosen for an event.
 */
public final class DeliveryAttempt {
  final ErrorReport report;
  @Nullable String customerId;

  /**
   * A createThread timed out or got a 5xx/INTERNAL after it was sent: look the thread up before
   * creating it again.
   */
  boolean createMayHaveReachedPlain;

  /** Whether the stale-customer re-upsert was already spent. */
  boolean customerRefreshed;

  /** The external id of the "Happened again" event this report became, kept for its retries. */
  @Nullable String eventExternalId;

  int retries;

  /** Waits for a rate-limit window so far: they back off like retries but never use one up. */
  int rateLimitedWaits;

  /** Whether Plain refused createThread because its external id exists (another instance won). */
  boolean createRefusedAsDuplicate;

  /** What the bug's reach was found to be before its thread was created; asked once per report. */
  BugReach.@Nullable Plan reach;

  boolean reachAsked;

  /** The spooled report this attempt replays, or null for a live one. */
  Spool.@Nullable Stored stored;

  public DeliveryAttempt(ErrorReport report) {
    this.report = report;
  }

  public ErrorReport report() {
    return report;
  }

  public int retries() {
    return retries;
  }
}
