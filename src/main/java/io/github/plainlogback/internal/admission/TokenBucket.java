package io.github.plainlogback.internal.admission;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free token bucket: up to {@code capacity} acquisitions at once, refilled evenly at {@code
 * capacity} per {@code period}. Kept as one "theoretical arrival time" (the GCRA form of a token
 * bucket), so acquiring is a single compare-and-set and an idle bucket costs one {@code long}.
 */
public final class TokenBucket {
  private final Ticker ticker;
  private final long nanosPerToken;
  private final long burstNanos;
  private final AtomicLong theoreticalArrival;

  public TokenBucket(int capacity, Duration period, Ticker ticker) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.ticker = ticker;
    this.nanosPerToken = Math.max(1, period.toNanos() / capacity);
    this.burstNanos = nanosPerToken * capacity;
    this.theoreticalArrival = new AtomicLong(ticker.read());
  }

  /** Takes a token if one is available. Never blocks. */
  public boolean tryAcquire() {
    long now = ticker.read();
    while (true) {
      long tat = theoreticalArrival.get();
      long next = Math.max(tat - now, 0) + nanosPerToken;
      if (next > burstNanos) {
        return false;
      }
      if (theoreticalArrival.compareAndSet(tat, now + next)) {
        return true;
      }
    }
  }

  /** Gives back a token taken by {@link #tryAcquire()} whose work did not happen after all. */
  public void refund() {
    theoreticalArrival.addAndGet(-nanosPerToken);
  }
}
