package io.github.plainlogback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ReportLimits;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The last log lines of the current request, per thread, in the manner of Logback's SMTPAppender
 * cyclic buffer: a fixed ring of event references, so recording a line costs a thread-local lookup
 * and one array store, and messages are formatted only when an error actually needs them. A request
 * is "the same customer on the same thread": a line for another customer starts a new trail, and a
 * line with no customer at all (the request is over) empties it, so pooled threads do not keep old
 * requests' lines.
 *
 * <p>A thread that goes quiet after a request (an idle pool thread) would still hold its last
 * lines, and with them their arguments, until it logs again. So the delivery worker calls {@link
 * #sweep()} every {@link #IDLE_LIMIT}, which empties every trail that recorded nothing since the
 * previous sweep: nothing is kept for more than two limits on a thread that stopped logging.
 */
final class BreadcrumbTrail {
  static final int MAX_MESSAGE_CHARS = ReportLimits.MAX_BREADCRUMB_CHARS;

  /** How long a quiet thread's trail is kept at least; it is emptied after at most twice this. */
  static final Duration IDLE_LIMIT = Duration.ofMinutes(1);

  private final int capacity;
  private final ThreadLocal<Ring> rings;

  /** Every thread's ring, for the sweep; weak, so a finished thread's ring goes with it. */
  private final ConcurrentLinkedQueue<Registered> registry = new ConcurrentLinkedQueue<>();

  private volatile long sweeps;

  private static final class Ring {
    final ILoggingEvent[] events;
    String customer;
    int next;
    int size;

    /**
     * Lines recorded so far. Written by the owning thread only; the sweep reads it without
     * synchronisation, and a stale read only delays or hastens emptying a ring that is quiet.
     */
    int writes;

    Ring(int capacity) {
      events = new ILoggingEvent[capacity];
    }

    void clear() {
      Arrays.fill(events, null);
      customer = null;
      next = 0;
      size = 0;
    }
  }

  /** A ring as the sweep sees it: how many lines it had recorded at the previous sweep. */
  private static final class Registered extends WeakReference<Ring> {
    int writesSeen;

    Registered(Ring ring) {
      super(ring);
    }
  }

  BreadcrumbTrail(int capacity) {
    this.capacity = capacity;
    this.rings =
        ThreadLocal.withInitial(
            () -> {
              Ring ring = new Ring(capacity);
              registry.add(new Registered(ring));
              return ring;
            });
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
    ring.writes++;
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
      if (e == null) {
        continue; // emptied by a sweep while the thread was quiet
      }
      lines.add(
          new Breadcrumb(
              e.getTimeStamp(),
              e.getLevel().toString(),
              e.getLoggerName(),
              ReportLimits.capForRedaction(
                  String.valueOf(e.getFormattedMessage()), MAX_MESSAGE_CHARS)));
    }
    return List.copyOf(lines);
  }

  /**
   * Empties the trail of every thread that recorded nothing since the previous sweep, and forgets
   * the rings of finished threads. Called by the delivery worker every {@link #IDLE_LIMIT}. Only
   * the ring's slots are cleared (the owner keeps its position and customer), so a line the owner
   * records at the same moment is at worst lost, never mixed into another request.
   */
  void sweep() {
    for (var it = registry.iterator(); it.hasNext(); ) {
      Registered registered = it.next();
      Ring ring = registered.get();
      if (ring == null) {
        it.remove();
        continue;
      }
      int writes = ring.writes;
      if (writes == registered.writesSeen) {
        Arrays.fill(ring.events, null);
      } else {
        registered.writesSeen = writes;
      }
    }
    sweeps++; // the worker is the only writer
  }

  /** Empties every thread's trail: the appender stopped, and pool threads outlive it. */
  void forgetAll() {
    for (Registered registered : registry) {
      Ring ring = registered.get();
      if (ring != null) {
        Arrays.fill(ring.events, null);
      }
    }
    registry.clear();
  }

  /** Sweeps done so far (for tests). */
  long sweeps() {
    return sweeps;
  }
}
