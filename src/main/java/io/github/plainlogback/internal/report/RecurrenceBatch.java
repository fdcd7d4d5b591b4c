package io.github.plainlogback.internal.report;

import java.util.List;

/** Occurrences of one error for one customer to be added to its thread as one event. */
public record RecurrenceBatch(
    long count, long firstMillis, long lastMillis, List<String> messages) {
  /**
   * Distinct messages kept per batch; past this, repeats are only counted (and no message is
   * formatted).
   */
  public static final int MAX_DISTINCT_MESSAGES = 5;

  /** A kept message's length limit. */
  public static final int MAX_MESSAGE_CHARS = 300;
}
