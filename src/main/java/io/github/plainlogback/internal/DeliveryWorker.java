package io.github.plainlogback.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded hand-off from logging threads to one named daemon thread that delivers reports in order.
 *
 * <p>{@link #offer} is lock-free and never waits: a full queue refuses the report. The worker parks when idle and is
 * unparked only when it actually sleeps, so a busy producer does not pay for a wake-up per report.
 */
public final class DeliveryWorker {
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final ConcurrentLinkedQueue<ErrorReport> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private final ReportDelivery delivery;
  private final DeliveryCounters counters;
  private final Thread thread;
  private final Runnable onStop;
  private volatile boolean idle;
  private volatile boolean stopping;
  private volatile long stopDeadline;

  /**
   * @param onStop cancels whatever a delivery is blocked on (in-flight HTTP calls) when stop runs out of time
   */
  public DeliveryWorker(
      String threadName, int capacity, ReportDelivery delivery, DeliveryCounters counters, Runnable onStop) {
    this.capacity = capacity;
    this.delivery = delivery;
    this.counters = counters;
    this.onStop = onStop;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** The worker thread, so the appender can ignore events it logs (e.g. through a bridged JUL logger). */
  public Thread thread() {
    return thread;
  }

  /** Queues a report for delivery; returns false at once when the queue is full. */
  public boolean offer(ErrorReport report) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.offer(report);
    if (idle) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  public int queueDepth() {
    return size.get();
  }

  private void run() {
    while (true) {
      ErrorReport report = queue.poll();
      if (report == null) {
        if (stopping) {
          return;
        }
        idle = true;
        if (queue.isEmpty() && !stopping) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        idle = false;
        continue;
      }
      if (stopping && System.nanoTime() - stopDeadline > 0) {
        queue.offer(report); // counted as left over by stop()
        return;
      }
      size.decrementAndGet(); // the bound is on reports waiting, not the one in flight
      try {
        if (delivery.deliver(report)) {
          counters.delivered.increment();
        } else {
          counters.failed.increment();
        }
      } catch (RuntimeException e) {
        counters.failed.increment();
      }
    }
  }

  /**
   * Lets the worker deliver what is queued for at most {@code timeout}, then cancels what is in flight and ends the
   * worker.
   *
   * @return how many reports were left undelivered
   */
  public int stop(Duration timeout) {
    stopDeadline = System.nanoTime() + timeout.toNanos();
    stopping = true;
    LockSupport.unpark(thread);
    join(timeout);
    if (thread.isAlive()) {
      // A delivery is stuck on Plain: cancel the call (the worker counts it as failed) and end the thread.
      onStop.run();
      thread.interrupt();
      join(Duration.ofMillis(500));
    }
    int left = 0;
    while (queue.poll() != null) {
      left++;
    }
    size.set(0);
    counters.droppedShutdown.add(left);
    return left;
  }

  private void join(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
