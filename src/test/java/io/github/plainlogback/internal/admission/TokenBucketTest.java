package io.github.plainlogback.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void burstUpToCapacityThenEvenRefill() {
    TokenBucket bucket = new TokenBucket(30, Duration.ofMinutes(1), ticker);
    int granted = 0;
    for (int i = 0; i < 100; i++) {
      granted += bucket.tryAcquire() ? 1 : 0;
    }
    assertThat(granted).isEqualTo(30);
    ticker.advance(Duration.ofMillis(1_999));
    assertThat(bucket.tryAcquire()).as("one token takes 2 s").isFalse();
    ticker.advance(Duration.ofMillis(1));
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
    ticker.advance(Duration.ofMinutes(10));
    granted = 0;
    for (int i = 0; i < 100; i++) {
      granted += bucket.tryAcquire() ? 1 : 0;
    }
    assertThat(granted).as("an idle bucket refills to capacity, never beyond").isEqualTo(30);
  }

  @Test
  void refundGivesTheTokenBack() {
    TokenBucket bucket = new TokenBucket(1, Duration.ofHours(1), ticker);
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
    bucket.refund();
    assertThat(bucket.tryAcquire()).isTrue();
  }

  @Test
  void concurrentAcquirersNeverExceedCapacity() throws Exception {
    TokenBucket bucket = new TokenBucket(1_000, Duration.ofDays(1), ticker);
    java.util.concurrent.atomic.AtomicInteger granted =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  if (bucket.tryAcquire()) {
                    granted.incrementAndGet();
                  }
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(granted.get()).isEqualTo(1_000);
  }
}
