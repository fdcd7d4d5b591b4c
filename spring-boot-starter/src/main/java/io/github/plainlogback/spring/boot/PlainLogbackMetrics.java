package io.github.plainlogback.spring.boot;

import io.github.plainlogback.PlainAppenderCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The appender's counters as Micrometer meters: {@code plain.logback.reports} with one {@code
 * outcome} tag per counter, and the gauge {@code plain.logback.queue.depth}. Read on each scrape
 * from the appender that reports now (the starter's or the one in {@code logback-spring.xml}).
 */
public class PlainLogbackMetrics implements MeterBinder {
  /** Outcome tag value → counter. */
  static final Map<String, ToLongFunction<PlainAppenderCounters>> OUTCOMES = outcomes();

  private final PlainLogbackAttacher attacher;

  public PlainLogbackMetrics(PlainLogbackAttacher attacher) {
    this.attacher = attacher;
  }

  private static Map<String, ToLongFunction<PlainAppenderCounters>> outcomes() {
    Map<String, ToLongFunction<PlainAppenderCounters>> m = new LinkedHashMap<>();
    m.put("captured", PlainAppenderCounters::captured);
    m.put("skipped_no_email", PlainAppenderCounters::skippedNoEmail);
    m.put("skipped_invalid_email", PlainAppenderCounters::skippedInvalidEmail);
    m.put("deduplicated", PlainAppenderCounters::deduplicated);
    m.put("rate_limited", PlainAppenderCounters::rateLimited);
    m.put("dropped_queue_full", PlainAppenderCounters::droppedQueueFull);
    m.put("dropped_auth", PlainAppenderCounters::droppedAuth);
    m.put("dropped_shutdown", PlainAppenderCounters::droppedShutdown);
    m.put("delivered", PlainAppenderCounters::delivered);
    m.put("failed", PlainAppenderCounters::failed);
    m.put("retried", PlainAppenderCounters::retried);
    m.put("thread_event", PlainAppenderCounters::threadEvents);
    m.put("spooled", PlainAppenderCounters::spooled);
    m.put("replayed", PlainAppenderCounters::replayed);
    m.put("spool_dropped", PlainAppenderCounters::spoolDropped);
    return Map.copyOf(m);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    OUTCOMES.forEach(
        (outcome, counter) ->
            FunctionCounter.builder(
                    "plain.logback.reports", attacher, a -> counter.applyAsLong(a.counters()))
                .tag("outcome", outcome)
                .description("Error reports of the Plain appender, by what became of them")
                .register(registry));
    Gauge.builder("plain.logback.queue.depth", attacher, a -> a.counters().queueDepth())
        .description("Reports waiting for delivery to Plain")
        .register(registry);
  }
}
