package io.github.plainlogback;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.delivery.DeliveryClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that moves only when told to, as Caffeine's own tests use, or when the delivery worker
 * waits on it: its {@link #sleep} moves the time by what was asked (virtual time), so a retry's
 * backoff or a 429 pause passes at once, in order, without real waiting.
 */
public final class FakeTicker implements Ticker, DeliveryClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long read() {
    return nanos.get();
  }

  @Override
  public long nanos() {
    return nanos.get();
  }

  /** Moves the time by {@code nanos}, and yields a little real time to the other threads. */
  @Override
  public void sleep(long nanos) {
    this.nanos.addAndGet(nanos);
    LockSupport.parkNanos(100_000);
  }

  public FakeTicker advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    return this;
  }
}
