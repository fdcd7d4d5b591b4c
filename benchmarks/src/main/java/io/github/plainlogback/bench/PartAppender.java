package io.github.plainlogback.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.Map;

/**
 * One half of {@link FloorAppender} at a time, to show where the floor's cost lies: {@code mdc}
 * only reads the customer from the MDC (the least any per-customer trail must do), {@code store}
 * only stores the event in a thread-local ring (the least any per-thread trail must do).
 */
public class PartAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final ThreadLocal<Object[]> RING = ThreadLocal.withInitial(() -> new Object[21]);

  /** Where the MDC read's result goes, so the JIT cannot drop the read. */
  public static String lastCustomer;

  private boolean readMdc;

  /** {@code mdc} or {@code store}. */
  public void setPart(String part) {
    readMdc = part.equals("mdc");
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (readMdc) {
      Map<String, String> mdc = event.getMDCPropertyMap();
      lastCustomer = mdc == null ? null : mdc.get("customerEmail");
    } else {
      Object[] ring = RING.get();
      int next = (Integer) (ring[20] == null ? 0 : ring[20]);
      ring[next] = event;
      ring[20] = next == 19 ? 0 : next + 1;
    }
  }
}
