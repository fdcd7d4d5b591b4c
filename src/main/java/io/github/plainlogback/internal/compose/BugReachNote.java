package io.github.plainlogback.internal.compose;

import org.jspecify.annotations.Nullable;

/**
 * How far a bug has spread when a new customer's thread is created for it: the customers it has
 * reached with this one, and the ref of the bug's first thread (null when unknown).
 */
public record BugReachNote(long customers, @Nullable String firstThreadRef) {
  /**
   * The highest milestone (2, 5, 10, 25, 50, 100, 250, 500, 1000, …) in {@code (before, now]}, or 0
   * when the count crossed none: the first thread hears about each milestone once, not every
   * customer.
   */
  public static long milestoneCrossed(long before, long now) {
    long crossed = 0;
    if (before < 2 && now >= 2) {
      crossed = 2;
    }
    if (before < 5 && now >= 5) {
      crossed = 5;
    }
    for (long scale = 10; scale > 0 && scale <= Long.MAX_VALUE / 50; scale *= 10) {
      for (long m : new long[] {scale, scale * 5 / 2, scale * 5}) {
        if (m > before && m <= now) {
          crossed = Math.max(crossed, m);
        }
      }
      if (scale > now) {
        break;
      }
    }
    return crossed;
  }
}
