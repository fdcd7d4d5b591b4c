package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.plain.PlainResponse;

/** What one attempt at delivering a report (or a thread event) came to. */
public sealed interface DeliveryOutcome {
  /**
   * The report is in Plain now.
   *
   * @param threadId the thread it went to (null in dry run)
   * @param asEvent whether it was added as a "Happened again" event to an existing thread, not a
   *     new thread
   */
  record Delivered(String threadId, boolean asEvent) implements DeliveryOutcome {}

  /** Plain refused for good (VALIDATION, 400, a bug of ours): never retried. Already reported. */
  record Failed(String reason) implements DeliveryOutcome {}

  /** May succeed later: I/O, timeout, 429, 5xx, INTERNAL, an unreadable answer. */
  record Retry(PlainResponse.Failure failure) implements DeliveryOutcome {}

  /** The key is invalid or lacks a permission (401, 403, FORBIDDEN). */
  record AuthFailed(PlainResponse.Failure failure) implements DeliveryOutcome {}
}
