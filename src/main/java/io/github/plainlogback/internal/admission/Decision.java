package io.github.plainlogback.internal.admission;

/** What {@link ReportAdmission} decided for one error occurrence. */
public enum Decision {
  /** First occurrence inside the dedupe window, within the rate limits: deliver it. */
  ADMIT,
  /** Same fingerprint and customer already reported inside the dedupe window: only counted. */
  DUPLICATE,
  /** Refused by the all-customers bucket ({@code maxThreadsPerMinute}). */
  RATE_LIMITED_GLOBAL,
  /** Refused by this customer's bucket ({@code maxThreadsPerCustomerPerHour}). */
  RATE_LIMITED_CUSTOMER,
  /** New, but the delivery queue is full: dropped before anything was recorded. */
  QUEUE_FULL
}
