package io.github.plainlogback.internal;

/** Delivers one report; runs on the delivery worker only. */
public interface ReportDelivery {
  /** @return whether the report reached its destination */
  boolean deliver(ErrorReport report);
}
