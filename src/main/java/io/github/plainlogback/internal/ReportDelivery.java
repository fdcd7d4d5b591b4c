package io.github.plainlogback.internal;

/** Makes one attempt at delivering a report; runs on the delivery worker only. Never throws for Plain's failures. */
public interface ReportDelivery {
  DeliveryOutcome attempt(DeliveryAttempt attempt);
}
