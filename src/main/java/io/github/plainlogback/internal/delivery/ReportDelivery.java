package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.RecurrenceBatch;

/**
 * Delivers reports and their repeats; runs on the delivery worker only. Never throws for Plain's
 * failures.
 */
public interface ReportDelivery {
  /**
   * One attempt at the first occurrence of an error: a new thread, or an event on the thread it
   * already has.
   */
  DeliveryOutcome attempt(DeliveryAttempt attempt);

  /**
   * Adds repeats of an error to its thread as one "Happened again" event.
   *
   * @param externalId unique per event, the same on every retry of it, so Plain records it once
   */
  DeliveryOutcome sendEvent(String threadId, RecurrenceBatch batch, String externalId);

  /**
   * Whether support has marked the thread done, so repeats are no longer "the same open bug". False
   * when unknown (dry run, or Plain did not answer): the event then goes to the thread as before.
   */
  default boolean threadIsDone(String threadId) {
    return false;
  }
}
