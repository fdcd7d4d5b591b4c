package io.github.plainlogback.internal.admission;

import io.github.plainlogback.internal.delivery.PendingRepeats;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.report.ReportLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Repeats of one error for one customer inside the dedupe window, waiting to be told to Plain as
 * one "Happened again" thread event. Logging threads add to it without locks; the delivery worker
 * takes the batch.
 */
final class Occurrences implements PendingRepeats {

  /**
   * Repeats per batch whose message is looked at; later ones are only counted, so a storm of the
   * same error costs no message formatting on the logging thread.
   */
  static final int SAMPLED_REPEATS = 20;

  private final long fingerprint;
  private final String customerEmail;
  private final AtomicLong pending = new AtomicLong();
  private volatile long firstPendingMillis;
  private volatile long lastMillis;
  private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
  private final AtomicInteger messageCount = new AtomicInteger();
  private final AtomicInteger sampled = new AtomicInteger();

  /**
   * Whether the worker is watching this for a flush; set by the logging thread that adds the first
   * repeat.
   */
  final AtomicBoolean scheduled = new AtomicBoolean();

  /** The thread the occurrences go to, once the first one was delivered. */
  volatile @Nullable String threadId;

  /** The first occurrence was not delivered: stop collecting repeats for it. */
  volatile boolean abandoned;

  /** Worker only: ticker time of the last thread event (or of the thread's creation). */
  private long lastEventNanos;

  /** Worker only: sequence of events sent, part of each event's external id. */
  private int eventSeq;

  Occurrences(long fingerprint, String customerEmail) {
    this.fingerprint = fingerprint;
    this.customerEmail = customerEmail;
  }

  /**
   * A repeat; {@code message} is asked for only while fewer than the distinct-message cap were
   * kept.
   */
  void record(long timeMillis, Supplier<String> message) {
    if (pending.getAndIncrement() == 0) {
      firstPendingMillis = timeMillis;
    }
    // Plain reads first, so a storm of the same error costs one atomic increment per repeat: the
    // same millisecond is not written again, and once the sample is taken nothing is counted.
    if (lastMillis != timeMillis) {
      lastMillis = timeMillis;
    }
    if (messageCount.get() < RecurrenceBatch.MAX_DISTINCT_MESSAGES
        && sampled.get() < SAMPLED_REPEATS
        && sampled.getAndIncrement() < SAMPLED_REPEATS) {
      String m =
          ReportLimits.capForRedaction(
              String.valueOf(message.get()), RecurrenceBatch.MAX_MESSAGE_CHARS);
      if (!messages.contains(m)
          && messageCount.incrementAndGet() <= RecurrenceBatch.MAX_DISTINCT_MESSAGES) {
        messages.add(m);
      }
    }
  }

  long pending() {
    return pending.get();
  }

  @Override
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public String customerEmail() {
    return customerEmail;
  }

  @Override
  public boolean isAbandoned() {
    return abandoned;
  }

  @Override
  public @Nullable String threadId() {
    return threadId;
  }

  /** The first occurrence went to {@code threadId} at {@code nowNanos}. */
  void delivered(String threadId, long nowNanos) {
    this.lastEventNanos = nowNanos;
    this.threadId = threadId;
  }

  @Override
  public boolean eventDue(long nowNanos, long intervalNanos, boolean flushAll) {
    return threadId != null && (flushAll || nowNanos - lastEventNanos >= intervalNanos);
  }

  @Override
  public int nextEventNumber() {
    return eventSeq + 1;
  }

  @Override
  public void eventSent(long nowNanos) {
    lastEventNanos = nowNanos;
    eventSeq++;
  }

  @Override
  public void eventFailed(long nowNanos) {
    lastEventNanos = nowNanos;
  }

  @Override
  public boolean putBack(RecurrenceBatch batch, long nowNanos) {
    lastEventNanos = nowNanos;
    restore(batch);
    return scheduled.compareAndSet(false, true);
  }

  @Override
  public RecurrenceBatch takeBatch() {
    scheduled.set(false); // from here on, a new repeat schedules it again
    long first = firstPendingMillis;
    long count = pending.getAndSet(0);
    List<String> distinct = new ArrayList<>();
    String m;
    while ((m = messages.poll()) != null) {
      distinct.add(m);
    }
    messageCount.set(0);
    sampled.set(0);
    return new RecurrenceBatch(count, first, lastMillis, List.copyOf(distinct));
  }

  /**
   * Puts a batch that could not be sent back, so its occurrences are told with the next one. Worker
   * only.
   */
  private void restore(RecurrenceBatch batch) {
    if (pending.getAndAdd(batch.count()) == 0 || batch.firstMillis() < firstPendingMillis) {
      firstPendingMillis = batch.firstMillis();
    }
    for (String m : batch.messages()) {
      if (messageCount.get() < RecurrenceBatch.MAX_DISTINCT_MESSAGES && !messages.contains(m)) {
        messageCount.incrementAndGet();
        messages.add(m);
      }
    }
  }
}
