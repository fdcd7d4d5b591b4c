package io.github.plainlogback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.plainlogback.internal.Breadcrumb;
import io.github.plainlogback.internal.ReportLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last log lines of the current request, per thread, in the manner of Logback's SMTPAppender
 * cyclic buffer: a fixed ring of event references, so recording a line costs a thread-local lookup
 * and one array store, and messages are formatted only when an error actually needs them. A request
 * is "the same customer on the same thread": a line for another customer starts a new trail, and a
 * line with no customer at all (the request is over) empties it, so pooled threads do not keep old
 * requests' lines.
 */
final class BreadcrumbTrail {
  static final int MAX_MESSAGE_CHARS = 500;

  private final int capacity;
  private final ThreadLocal<Ring> rings;

  private static final class Ring {
    final ILoggingEvent[] events;
    String customer;
    int next;
    int size;

    Ring(int capacity) {
      events = new ILoggingEvent[capacity];
    }

    void clear() {
      java.util.Arrays.fill(events, null);
      customer = null;
      next = 0;
      size = 0;
    }
  }

  BreadcrumbTrail(int capacity) {
    this.capacity = capacity;
    this.rings = ThreadLocal.withInitial(() -> new Ring(capacity));
  }

  /**
   * Remembers a line below ERROR: for the customer in its MDC under {@code customerKey}, or, when
   * it has none, as the end of the request on this thread.
   */
  void remember(ILoggingEvent event, String customerKey) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String customer = mdc == null ? null : mdc.get(customerKey);
    if (customer != null && !customer.isBlank()) {
      record(event, customer);
    } else {
      endRequest();
    }
  }

  /** Remembers a line logged for {@code customer} (the raw MDC value) on this thread. */
  void record(ILoggingEvent event, String customer) {
    Ring ring = rings.get();
    // Identity, not equals: within a request every event's MDC carries the very String the filter
    // put, while the
    // next request's filter puts a new one (read from a header, a token, a session), even for the
    // same customer.
    if (customer != ring.customer) {
      ring.clear();
      ring.customer = customer;
    }
    ring.events[ring.next] = event;
    if (++ring.next == capacity) {
      ring.next = 0;
    }
    if (ring.size < capacity) {
      ring.size++;
    }
  }

  /** The request is over (a line without a customer): forget its lines. */
  void endRequest() {
    Ring ring = rings.get();
    if (ring.size > 0) {
      ring.clear();
    }
  }

  /**
   * The lines recorded for {@code customer} on this thread, oldest first, with messages formatted
   * and capped.
   */
  List<Breadcrumb> lines(String customer) {
    Ring ring = rings.get();
    if (ring.size == 0 || customer != ring.customer) {
      return List.of();
    }
    List<Breadcrumb> lines = new ArrayList<>(ring.size);
    for (int i = 0; i < ring.size; i++) {
      ILoggingEvent e = ring.events[(ring.next - ring.size + i + capacity) % capacity];
      lines.add(
          new Breadcrumb(
              e.getTimeStamp(),
              e.getLevel().toString(),
              e.getLoggerName(),
              ReportLimits.cap(String.valueOf(e.getFormattedMessage()), MAX_MESSAGE_CHARS)));
    }
    return List.copyOf(lines);
  }
}
