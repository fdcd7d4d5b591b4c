package io.github.plainlogback.internal;

/** What one attempt at delivering a report came to. */
public sealed interface DeliveryOutcome {
  /** The thread exists in Plain now (created, or found by its external id after an uncertain attempt). */
  record Delivered(String threadId) implements DeliveryOutcome {}

  /** Plain refused for good (VALIDATION, 400, a bug of ours): never retried. Already reported. */
  record Failed(String reason) implements DeliveryOutcome {}

  /** May succeed later: I/O, timeout, 429, 5xx, INTERNAL, an unreadable answer. */
  record Retry(PlainResponse.Failure failure) implements DeliveryOutcome {}

  /** The key is invalid or lacks a permission (401, 403, FORBIDDEN). */
  record AuthFailed(PlainResponse.Failure failure) implements DeliveryOutcome {}
}
