package io.github.plainlogback.internal.delivery;

/**
 * What the worker tells the admission stage about reports it admitted, and what it asks of it. An
 * interface here, implemented upstream, so imports point one way: admission → delivery.
 */
public interface AdmissionLedger {
  /**
   * The first occurrence was delivered to {@code threadId}: repeats go there from now on, the first
   * event no sooner than one recurrence interval after {@code nowNanos}.
   */
  void delivered(long fingerprint, String customerEmail, String threadId, long nowNanos);

  /**
   * The first occurrence was refused for good: keep folding repeats into it, but stop collecting
   * them for a thread that does not exist.
   */
  void failed(long fingerprint, String customerEmail);

  /**
   * Forgets an occurrence that Plain was never called for, and gives its rate-limit tokens back.
   */
  void release(long fingerprint, String customerEmail);

  /** Forgets an occurrence that was not delivered, so the next occurrence is reported. */
  void forget(long fingerprint, String customerEmail);

  /** Takes the next error that got repeats since the last call, or null. Worker only. */
  PendingRepeats pollRepeating();
}
