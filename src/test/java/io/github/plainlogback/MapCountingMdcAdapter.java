package io.github.plainlogback;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logback's MDC adapter, counting how often a thread's read-only MDC map is asked for: what an
 * event's {@code getMDCPropertyMap()} does the first time, and then Logback builds a copy of the
 * MDC whenever it changed since.
 */
public final class MapCountingMdcAdapter extends LogbackMDCAdapter {
  private final AtomicInteger mapsAsked = new AtomicInteger();

  @Override
  public Map<String, String> getPropertyMap() {
    mapsAsked.incrementAndGet();
    return super.getPropertyMap();
  }

  /** Times any thread asked for its map so far. */
  public int mapsAsked() {
    return mapsAsked.get();
  }
}
