package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ReportLimits;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The last log lines of the current request, per logging thread, in the manner of Logback's
 * SMTPAppender cyclic buffer: a fixed ring of event references, so recording a line costs a
 * thread-local lookup and one array store, and messages are formatted only when an error actually
 * needs them.
 *
 * <p>A trail belongs to the thread that <em>logged</em> ({@link ILoggingEvent#getThreadName()}),
 * not the one that appends: behind Logback's {@code AsyncAppender} every event arrives on its one
 * worker thread, and that worker keeps one ring per logging thread name. Called directly, the
 * appending thread is the logging thread, its name is the same String every time, and the lookup is
 * one identity comparison.
 *
 * <p>A request is "the same customer on the same thread": a line for another customer starts a new
 * trail, and a line with no customer at all (the request is over) empties it, so pooled threads do
 * not keep old requests' lines. With {@code requestIdMdcKey} set, a new value under that key starts
 * a new trail too. Without it, a new trail also starts when the MDC was set again with the same
 * values (a filter that puts {@code Principal.getName()}, the same String on every request) or lost
 * a key since the last line (a filter cleaned up after the previous request); a key added or
 * changed during a request keeps the trail.
 *
 * <p>A thread that goes quiet after a request (an idle pool thread) would still hold its last
 * lines, and with them their arguments, until it logs again. So the delivery worker calls {@link
 * #sweep()} every {@link #IDLE_LIMIT}, which empties every trail that recorded nothing since the
 * previous sweep: nothing is kept for more than two limits on a thread that stopped logging.
 */
public final class BreadcrumbTrail {
  public static final int MAX_MESSAGE_CHARS = ReportLimits.MAX_BREADCRUMB_CHARS;

  /** How long a quiet thread's trail is kept at least; it is emptied after at most twice this. */
  public static final Duration IDLE_LIMIT = Duration.ofMinutes(1);

  /**
   * Rings one appending thread keeps for other threads' names (AsyncAppender) before it forgets the
   * empty ones, and then all.
   */
  public static final int MAX_RINGS_PER_APPENDING_THREAD = 1024;

  private final int capacity;
  private final String requestIdKey;

  /**
   * Each appending thread's {@link Rings}, held in a one-slot {@code Object[]}: a JDK type, so once
   * {@link #forgetAll()} has emptied the slot, a pooled thread that outlives the appender (a
   * servlet container's) keeps nothing that pins the webapp's class loader. Only threads that
   * logged for a customer get one at all.
   */
  private final ThreadLocal<Object[]> holders = new ThreadLocal<>();

  /** Every holder, for {@link #forgetAll()}; weak, so a finished thread's goes with it. */
  private final ConcurrentLinkedQueue<WeakReference<Object[]>> allHolders =
      new ConcurrentLinkedQueue<>();

  private volatile boolean closed;

  /** Every ring, for the sweep; weak, so a finished thread's ring goes with it. */
  private final ConcurrentLinkedQueue<Registered> registry = new ConcurrentLinkedQueue<>();

  private volatile long sweeps;

  private static final class Ring {
    final ILoggingEvent[] events;
    String customer;

    /** The MDC of the last line (Logback hands out one map until the MDC changes). */
    Map<String, String> mdc;

    String requestId;
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
      mdc = null;
      requestId = null;
      next = 0;
      size = 0;
    }

    boolean isEmpty() {
      return size == 0 || events[(next - 1 + events.length) % events.length] == null;
    }
  }

  /** The rings of one appending thread, by the name of the thread that logged. */
  private static final class Rings {
    String lastName;
    Ring last;

    /** Only when events of several logging threads arrive here (AsyncAppender). */
    Map<String, Ring> byName;
  }

  /** A ring as the sweep sees it: how many lines it had recorded at the previous sweep. */
  private static final class Registered extends WeakReference<Ring> {
    int writesSeen;

    Registered(Ring ring) {
      super(ring);
    }
  }

  public BreadcrumbTrail(int capacity) {
    this(capacity, null);
  }

  /**
   * @param requestIdKey the MDC key of a per-request id, or null
   */
  public BreadcrumbTrail(int capacity, String requestIdKey) {
    this.capacity = capacity;
    this.requestIdKey = requestIdKey;
  }

  /**
   * Remembers a line below ERROR: for the customer in its MDC under {@code customerKey}, or, when
   * it has none, as the end of the request on its thread.
   */
  public void remember(ILoggingEvent event, String customerKey) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String customer = mdc == null ? null : mdc.get(customerKey);
    if (customer != null && !customer.isBlank()) {
      record(event, customer);
    } else {
      endRequest(event);
    }
  }

  /**
   * A copy of {@code event} with its line only (time, level, logger, thread, message and arguments,
   * MDC): no Throwable. The message is formatted only if a later error needs the line, as for every
   * other breadcrumb.
   */
  public static ILoggingEvent lineOnly(ILoggingEvent event) {
    if (event.getThrowableProxy() == null) {
      return event; // nothing to leave behind: no copy
    }
    LoggingEvent line = new LoggingEvent();
    line.setTimeStamp(event.getTimeStamp());
    line.setLevel(event.getLevel());
    line.setLoggerName(event.getLoggerName());
    line.setThreadName(event.getThreadName());
    line.setMessage(event.getMessage());
    if (event.getArgumentArray() != null) {
      line.setArgumentArray(event.getArgumentArray());
    }
    line.setMDCPropertyMap(event.getMDCPropertyMap());
    return line;
  }

  /** Remembers a line logged for {@code customer} (the raw MDC value) on the event's thread. */
  public void record(ILoggingEvent event, String customer) {
    Ring ring = current(event, customer);
    ring.events[ring.next] = event;
    ring.writes++;
    if (++ring.next == capacity) {
      ring.next = 0;
    }
    if (ring.size < capacity) {
      ring.size++;
    }
  }

  /** The request on the event's thread is over (a line without a customer): forget its lines. */
  public void endRequest(ILoggingEvent event) {
    Object[] holder = holders.get();
    Rings r = holder == null ? null : (Rings) holder[0];
    if (r == null) {
      return; // this thread never logged for a customer: nothing to forget, nothing to create
    }
    Ring ring = ring(r, event.getThreadName());
    if (ring.size > 0) {
      ring.clear();
    }
  }

  /**
   * The lines recorded before {@code event} on its thread for {@code customer} in the same request,
   * oldest first, with messages formatted and capped.
   */
  public List<Breadcrumb> lines(ILoggingEvent event, String customer) {
    Ring ring = current(event, customer);
    if (ring.size == 0) {
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

  /** The event's thread's ring, emptied first when the event begins another request. */
  private Ring current(ILoggingEvent event, String customer) {
    Ring ring = ring(event.getThreadName());
    Map<String, String> mdc = event.getMDCPropertyMap();
    // Kept this small so the JIT inlines it: the same customer and an unchanged MDC is every line
    // but the first of a request, and then nothing else needs to be looked at.
    if (customer != ring.customer || mdc != ring.mdc || requestIdKey != null) {
      changed(ring, customer, mdc);
    }
    return ring;
  }

  private void changed(Ring ring, String customer, Map<String, String> mdc) {
    if (startsNewTrail(ring, customer, mdc)) {
      ring.clear();
      ring.customer = customer;
      ring.requestId = requestIdKey == null || mdc == null ? null : mdc.get(requestIdKey);
    }
    ring.mdc = mdc;
  }

  private boolean startsNewTrail(Ring ring, String customer, Map<String, String> mdc) {
    if (requestIdKey != null) {
      String id = mdc == null ? null : mdc.get(requestIdKey);
      if (id != null || ring.requestId != null) {
        return !customer.equals(ring.customer) || !java.util.Objects.equals(id, ring.requestId);
      }
    }
    // Identity, not equals: within a request every event's MDC carries the very String the filter
    // put, while the next request's filter usually puts a new one, even for the same customer.
    if (customer != ring.customer) {
      return true;
    }
    Map<String, String> last = ring.mdc;
    return mdc != last && last != null && mdc != null && !continues(last, mdc);
  }

  /**
   * Whether {@code now} is {@code last} changed during the same request: nothing removed, and
   * something added or set to another value. Runs only when the MDC changed since the last line.
   */
  private static boolean continues(Map<String, String> last, Map<String, String> now) {
    boolean changed = now.size() != last.size();
    for (Map.Entry<String, String> e : last.entrySet()) {
      String value = now.get(e.getKey());
      if (value == null) {
        return false; // a key was removed: the previous request cleaned up
      }
      changed |= value != e.getValue();
    }
    return changed; // the same values put again: a filter starting the next request
  }

  /** The ring of the thread named {@code name}, among this appending thread's. */
  private Ring ring(String name) {
    Object[] holder = holders.get();
    Rings r = holder == null ? null : (Rings) holder[0];
    return ring(r == null ? newRings(holder) : r, name);
  }

  private Ring ring(Rings r, String name) {
    if (name == r.lastName && r.last != null) {
      return r.last; // the common case: the appending thread is the logging thread
    }
    return switchTo(r, name == null ? "" : name);
  }

  private Rings newRings(Object[] holder) {
    Rings r = new Rings();
    if (closed) {
      return r; // an event that raced with stop(): its ring is not kept on the thread
    }
    if (holder == null) {
      holder = new Object[1];
      holders.set(holder);
      allHolders.add(new WeakReference<>(holder));
    }
    holder[0] = r;
    return r;
  }

  private Ring switchTo(Rings r, String name) {
    if (r.last == null) {
      r.last = newRing();
    } else if (!name.equals(r.lastName)) {
      // Events of several logging threads arrive on this one (AsyncAppender's worker).
      if (r.byName == null) {
        r.byName = new HashMap<>();
        r.byName.put(r.lastName, r.last);
      }
      Ring ring = r.byName.get(name);
      if (ring == null) {
        if (r.byName.size() >= MAX_RINGS_PER_APPENDING_THREAD) {
          r.byName.values().removeIf(Ring::isEmpty);
          if (r.byName.size() >= MAX_RINGS_PER_APPENDING_THREAD) {
            r.byName.clear();
          }
        }
        ring = newRing();
        r.byName.put(name, ring);
      }
      r.last = ring;
    }
    r.lastName = name;
    return r.last;
  }

  private Ring newRing() {
    Ring ring = new Ring(capacity);
    registry.add(new Registered(ring));
    return ring;
  }

  /**
   * Empties the trail of every thread that recorded nothing since the previous sweep, and forgets
   * the rings of finished threads. Called by the delivery worker every {@link #IDLE_LIMIT}. Only
   * the ring's slots are cleared (the owner keeps its position and customer), so a line the owner
   * records at the same moment is at worst lost, never mixed into another request.
   */
  public void sweep() {
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
        ring.mdc = null;
      } else {
        registered.writesSeen = writes;
      }
    }
    sweeps++; // the worker is the only writer
  }

  /**
   * Empties every thread's trail and lets go of every thread's rings: the appender stopped, and
   * pool threads outlive it.
   */
  public void forgetAll() {
    closed = true;
    for (WeakReference<Object[]> ref : allHolders) {
      Object[] holder = ref.get();
      if (holder != null) {
        holder[0] = null;
      }
    }
    allHolders.clear();
    for (Registered registered : registry) {
      Ring ring = registered.get();
      if (ring != null) {
        Arrays.fill(ring.events, null);
        ring.mdc = null;
      }
    }
    registry.clear();
  }

  /** Whether the calling thread holds any state of this trail (for tests). */
  public boolean holdsStateOnThisThread() {
    Object[] holder = holders.get();
    return holder != null && holder[0] != null;
  }

  /** Sweeps done so far (for tests). */
  public long sweeps() {
    return sweeps;
  }
}
