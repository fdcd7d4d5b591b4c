package io.github.plainlogback.internal;

/**
 * One report on its way to Plain, with what earlier attempts learned, so a retry resumes instead of starting over:
 * the customer id once upserted, and whether a {@code createThread} may already have reached Plain.
 */
public final class DeliveryAttempt {
  final ErrorReport report;
  ThreadDraft draft;
  String customerId;
  /** A createThread timed out or got a 5xx/INTERNAL after it was sent: look the thread up before creating it again. */
  boolean createMayHaveReachedPlain;
  /** Whether the stale-customer re-upsert was already spent. */
  boolean customerRefreshed;
  int retries;

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
