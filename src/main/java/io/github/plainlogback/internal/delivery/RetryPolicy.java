package io.github.plainlogback.internal.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a random time in
 * {@code [0, min(cap, base * 2^(n-1))]}. Full jitter spreads the retries of many instances that
 * failed at the same moment, so they do not hit a recovering Plain together. A wait Plain asks for
 * (Retry-After, x-ratelimit-reset) is honoured instead, up to {@link #MAX_SERVER_WAIT}.
 */
public final class RetryPolicy {
  public static final Duration DEFAULT_BASE = Duration.ofMillis(500);
  public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);

  /**
   * A Retry-After beyond this is treated as this: an absurd header must not park delivery for a
   * day.
   */
  public static final Duration MAX_SERVER_WAIT = Duration.ofMinutes(15);

  private final int maxRetries;
  private final long baseNanos;
  private final long capNanos;
  private final LongUnaryOperator random; // bound -> value in [0, bound]

  public RetryPolicy(int maxRetries, Duration base, Duration cap) {
    this(maxRetries, base, cap, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  RetryPolicy(int maxRetries, Duration base, Duration cap, LongUnaryOperator random) {
    this.maxRetries = maxRetries;
    this.baseNanos = base.toNanos();
    this.capNanos = cap.toNanos();
    this.random = random;
  }

  public int maxRetries() {
    return maxRetries;
  }

  /**
   * How long to wait before retry number {@code retry} (1-based), given what Plain asked for (may
   * be null).
   */
  public Duration delay(int retry, @Nullable Duration requested) {
    if (requested != null) {
      return requested.compareTo(MAX_SERVER_WAIT) > 0 ? MAX_SERVER_WAIT : requested;
    }
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long ceiling =
        baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
    return Duration.ofNanos(random.applyAsLong(ceiling));
  }
}
