package io.github.plainlogback.internal.delivery;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * The delivery stage's one clock: the time every delivery deadline is measured on (the auth
 * cool-down, the pause Plain asked for, the recurrence interval, the spool's periodic look), and
 * how the worker waits for such a deadline. A test gives a clock whose waiting moves its time, so
 * no test waits for real time to pass.
 */
public interface DeliveryClock {
  /** Now, in nanoseconds from an arbitrary origin (compare by subtraction). */
  long nanos();

  /**
   * Waits about {@code nanos} on the calling thread, less when unparked or interrupted. Only for
   * waits the clock measures; an idle worker parks in real time.
   */
  void sleep(long nanos);

  /** {@code ticker}'s time, and real waiting: the production clock. */
  static DeliveryClock of(Ticker ticker) {
    return new DeliveryClock() {
      @Override
      public long nanos() {
        return ticker.read();
      }

      @Override
      public void sleep(long nanos) {
        LockSupport.parkNanos(this, nanos);
      }
    };
  }
}
