package io.github.plainlogback;

import java.util.function.Supplier;

/**
 * The {@link PlainAppenderMXBean} of one appender: each attribute read from its counters at the
 * moment JMX asks. The only non-public class here, because an MXBean's implementation must see the
 * public interface it implements (registration lives in {@code internal.logback}).
 */
final class CountersOverJmx implements PlainAppenderMXBean {
  private final Supplier<PlainAppenderCounters> counters;

  CountersOverJmx(Supplier<PlainAppenderCounters> counters) {
    this.counters = counters;
  }

  @Override
  public long getCaptured() {
    return counters.get().captured();
  }

  @Override
  public long getSkippedNoEmail() {
    return counters.get().skippedNoEmail();
  }

  @Override
  public long getSkippedInvalidEmail() {
    return counters.get().skippedInvalidEmail();
  }

  @Override
  public long getDeduplicated() {
    return counters.get().deduplicated();
  }

  @Override
  public long getRateLimited() {
    return counters.get().rateLimited();
  }

  @Override
  public long getDroppedQueueFull() {
    return counters.get().droppedQueueFull();
  }

  @Override
  public long getDroppedAuthCooldown() {
    return counters.get().droppedAuth();
  }

  @Override
  public long getDroppedShutdown() {
    return counters.get().droppedShutdown();
  }

  @Override
  public long getDelivered() {
    return counters.get().delivered();
  }

  @Override
  public long getFailed() {
    return counters.get().failed();
  }

  @Override
  public long getRetried() {
    return counters.get().retried();
  }

  @Override
  public long getThreadEvents() {
    return counters.get().threadEvents();
  }

  @Override
  public int getQueueDepth() {
    return counters.get().queueDepth();
  }

  @Override
  public long getSpooled() {
    return counters.get().spooled();
  }

  @Override
  public long getReplayed() {
    return counters.get().replayed();
  }

  @Override
  public long getSpoolDropped() {
    return counters.get().spoolDropped();
  }

  @Override
  public long getSpoolBytes() {
    return counters.get().spoolBytes();
  }
}
