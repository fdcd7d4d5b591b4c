package io.github.plainlogback.internal.status;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reports a kind of problem the first time it happens, then at most once per interval with a count
 * of what happened in between, so an outage produces a handful of status lines instead of
 * thousands. Lock-free: it is called from logging threads.
 */
public final class ThrottledStatus {
  public enum Level {
    INFO,
    WARN,
    ERROR
  }

  private static final class Topic {
    final AtomicLong suppressed = new AtomicLong();
    final AtomicLong nextReportAt;

    Topic(long now) {
      this.nextReportAt = new AtomicLong(now);
    }
  }

  private final StatusSink sink;
  private final Ticker ticker;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

  public ThrottledStatus(StatusSink sink, Ticker ticker, Duration interval) {
    this.sink = sink;
    this.ticker = ticker;
    this.intervalNanos = interval.toNanos();
  }

  public StatusSink sink() {
    return sink;
  }

  /**
   * Reports {@code message} under {@code topic} unless that topic was reported less than an
   * interval ago; then it is only counted, and the count is appended to the next report of the
   * topic.
   *
   * @return whether the message was reported
   */
  public boolean report(Level level, String topic, String message) {
    return report(level, topic, () -> message);
  }

  /**
   * As {@link #report(Level, String, String)}, building the message only when it is reported: on
   * the logging path a suppressed warning then costs no string building.
   */
  public boolean report(Level level, String topic, Supplier<String> message) {
    long now = ticker.read();
    Topic t =
        topics.get(
            topic); // a plain get first: computeIfAbsent's capturing lambda would allocate every
    // time
    if (t == null) {
      t = topics.computeIfAbsent(topic, k -> new Topic(now));
    }
    long due = t.nextReportAt.get();
    if (now - due < 0 || !t.nextReportAt.compareAndSet(due, now + intervalNanos)) {
      t.suppressed.incrementAndGet();
      return false;
    }
    long skipped = t.suppressed.getAndSet(0);
    String text =
        skipped == 0
            ? message.get()
            : message.get() + " (" + skipped + " more like this since the last report)";
    switch (level) {
      case INFO -> sink.info(text);
      case WARN -> sink.warn(text);
      case ERROR -> sink.error(text);
    }
    return true;
  }

  public boolean warn(String topic, String message) {
    return report(Level.WARN, topic, message);
  }

  public boolean warn(String topic, Supplier<String> message) {
    return report(Level.WARN, topic, message);
  }
}
