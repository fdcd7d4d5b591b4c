package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.ErrorReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded, lock-free hand-off from logging threads to the worker, and its stop: once closed it
 * refuses, and the worker has until the stop deadline (real time, as {@code stop()} joins in real
 * time) to deliver what it holds. {@link #offer} never waits: a full queue refuses the report.
 */
final class HandOffQueue {
  /** What became of an offered report. */
  enum Offer {
    /** Queued for the worker. */
    QUEUED,
    /** Not taken: full, or closed before the offer. */
    REFUSED,
    /** Taken while {@link #drain()} ran: the caller counts it as left at shutdown. */
    LEFT_AT_CLOSE
  }

  private final ConcurrentLinkedQueue<ErrorReport> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;

  /** Set by close(): from then on {@link #offer} refuses, and a report it raced in is returned. */
  private volatile boolean closed;

  private volatile long stopDeadline;

  HandOffQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Queues {@code report} unless full or closed. A report that races with {@link #close} is either
   * drained (and counted) by the stop or returned here as {@link Offer#LEFT_AT_CLOSE}: never lost
   * uncounted.
   */
  Offer offer(ErrorReport report) {
    if (closed) {
      return Offer.REFUSED;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return Offer.REFUSED;
    }
    queue.offer(report);
    if (closed && queue.remove(report)) {
      // the stop drained the queue between our check and our offer
      size.decrementAndGet();
      return Offer.LEFT_AT_CLOSE;
    }
    return Offer.QUEUED;
  }

  /** Takes the oldest report, or null; the bound is on reports waiting, not one in flight. */
  ErrorReport poll() {
    ErrorReport r = queue.poll();
    if (r != null) {
      size.decrementAndGet();
    }
    return r;
  }

  /** Returns a report taken by {@link #poll} that was not handled after all (to the tail). */
  void putBack(ErrorReport report) {
    size.incrementAndGet();
    queue.offer(report);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Whether a report offered now would fit (a hint: another thread may take the place first). */
  boolean hasRoom() {
    return size.get() < capacity;
  }

  /** Whether at least half the places are taken. */
  boolean halfFull() {
    return size.get() >= (capacity + 1) / 2;
  }

  int depth() {
    return size.get();
  }

  /** Refuses offers from now on; the worker has {@code timeout} of real time left. */
  void close(Duration timeout) {
    stopDeadline = System.nanoTime() + timeout.toNanos();
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  /** Whether {@link #close} ran and its time is up. */
  boolean pastStopDeadline() {
    return closed && System.nanoTime() - stopDeadline > 0;
  }

  /** Real nanoseconds left until the stop deadline; Long.MAX_VALUE while not closed. */
  long nanosToStopDeadline() {
    return closed ? stopDeadline - System.nanoTime() : Long.MAX_VALUE;
  }

  /** Takes everything still queued (after the worker ended). */
  List<ErrorReport> drain() {
    List<ErrorReport> left = new ArrayList<>();
    ErrorReport r;
    while ((r = queue.poll()) != null) {
      left.add(r);
    }
    size.set(0);
    return left;
  }
}
