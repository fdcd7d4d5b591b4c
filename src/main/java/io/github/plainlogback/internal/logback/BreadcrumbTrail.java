package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ReportLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

/**
 * The last log lines of the current request, per logging thread, in the manner of Logback's
 * SMTPAppender cyclic buffer: a fixed ring of event references, so recording a line costs a table
 * lookup and one array store, and messages are formatted only when an error actually needs them.
 *
 * <p>A trail belongs to the thread that <em>logged</em> ({@link ILoggingEvent#getThreadName()}),
 * not the one that appends: behind Logback's {@code AsyncAppender} every event arrives on its one
 * worker thread, and that worker keeps one ring per logging thread name. Called directly, the
 * appending thread is the logging thread, its name is the same String every time, and the lookup is
 * one identity comparison. After a request's first line even that is skipped: an event carrying the
 * very MDC map of the ring's last line is from the same thread and request (see {@link #remember}).
 *
 * <p>A request is "the same customer on the same thread": a line for another customer starts a new
 * trail, and a line with no customer at all (the request is over) empties it, so pooled threads do
 * not keep old requests' lines. With {@code requestIdMdcKey} set, a new value under that key starts
 * a new trail too. Without it, a new trail also starts when the MDC was set again with the same
 * values (a filter that puts {@code Principal.getName()}, the same String on every request) or lost
 * a key since the last line (a filter cleaned up after the previous request); a key added or
 * changed during a request keeps the trail.
 *
 * <p>On a virtual thread the MDC is read live through the appender's context's adapter, not from
 * the event: asking the event would make Logback copy the MDC once per request, and that copy was
 * most of what the appender cost a request on a new thread. The rules are then those of the
 * customer and request id alone (the thread is new for each request, so its first line starts a
 * trail): a virtual thread that serves several requests in a loop, putting the very same customer
 * String each time and logging no line without a customer in between, keeps one trail across them
 * unless {@code requestIdMdcKey} tells them apart; setting the MDC again with the same values or
 * removing another key is not seen there. ERROR lines follow the same rules on a virtual thread, so
 * a request's INFO and ERROR lines stay one trail.
 *
 * <p>Where the rings live: not on the threads. A virtual thread serves one request and is never
 * reused, so anything registered per thread (a thread-local, a weak reference for a sweep) is paid
 * once per request and outlives it. Instead every appending thread's rings sit in one fixed table
 * owned by the trail, slotted by the thread's id (never reused by the JVM) and probed over a short
 * window; a thread that needs a slot takes a free one, or else the one whose last line is oldest in
 * the window, which is in practice a finished thread's. So the state of finished threads is bounded
 * by the table, whatever the number of requests; threads themselves hold nothing of ours (nothing
 * pins a webapp's class loader once the appender drops the table); and a ring is only ever written
 * by the thread that owns it, so lines of two threads never mix. Only more than {@link #SLOTS}
 * threads logging at the same moment can cost one of them its earlier lines.
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

  /**
   * Appending threads whose rings the table holds at once (a power of two). Bounds what finished
   * threads leave behind: at most this many rings, each with its last lines.
   */
  public static final int SLOTS = 4096;

  /** Slots a thread may use, from its home slot on. */
  static final int WINDOW = 8;

  /** Slots a ring's array starts with; it grows to {@link #capacity} as lines come. */
  static final int FIRST_SLOTS = 4;

  private static final @Nullable Object[] NONE = {};

  private final int capacity;
  private final @Nullable String requestIdKey;

  /** Whose MDC a virtual thread's lines are read from, live; null: from each event. */
  private final @Nullable LoggerContext context;

  /** Each appending thread's {@link Rings}, by thread id; see the class comment. */
  private final @Nullable Rings[] table = new Rings[SLOTS];

  private volatile boolean closed;

  private volatile long sweeps;

  private static class Ring {
    /**
     * Events, or {@link Line}s of errors (their line without the Throwable): {@link #FIRST_SLOTS}
     * at first, grown (by the owner, before the ring first wraps) up to the capacity. The sweep may
     * read an array the owner just replaced; it then empties the old one and the lines in the new
     * one wait for the next sweep, which is only later, never mixed.
     */
    @Nullable Object[] events = NONE;

    @Nullable String customer;

    /**
     * The MDC of the last line (Logback hands out one map until the MDC changes); always null on a
     * virtual thread, whose MDC is read live (see {@link #rememberOnVirtual}).
     */
    @Nullable Map<String, String> mdc;

    @Nullable String requestId;
    int next;
    int size;

    /**
     * Lines recorded so far. Written by the owning thread only; the sweep reads it without
     * synchronisation, and a stale read only delays or hastens emptying a ring that is quiet.
     */
    int writes;

    /** {@link #writes} at the previous sweep; the sweep's alone. */
    int writesSeen;

    void clear() {
      if (size > 0) { // else nothing was stored since the ring was created or cleared
        Arrays.fill(events, null);
      }
      customer = null;
      mdc = null;
      requestId = null;
      next = 0;
      size = 0;
    }

    boolean isEmpty() {
      return size == 0 || events[(next - 1 + events.length) % events.length] == null;
    }

    /** Whether nothing was recorded since the previous sweep (then it is emptied). */
    boolean quietSinceLastSweep() {
      int w = writes;
      if (w == writesSeen) {
        return true;
      }
      writesSeen = w;
      return false;
    }

    void empty() {
      Arrays.fill(events, null);
      mdc = null;
    }
  }

  /**
   * One appending thread's place in the table. A virtual thread's is exactly this class, and it is
   * its one ring too: one object per request, not three. A platform thread's is a {@link Named}.
   */
  private static class Rings extends Ring {
    /** The appending thread's id: only that thread ever writes to these rings. */
    final long owner;

    /** The time of the last line recorded here: the oldest in a window is the one given up. */
    long lastMillis;

    Rings(long owner) {
      this.owner = owner;
    }
  }

  /**
   * A platform thread's rings, by the name of the thread that logged: its own ring (the appending
   * thread is the logging thread) or, behind AsyncAppender, one per logging thread. The ring it
   * inherits is not used (its array stays the shared empty one): a few idle fields on a pool
   * thread's rings, and the rings by name stay as they were.
   */
  private static final class Named extends Rings {
    @Nullable String lastName;
    @Nullable Ring last;

    /** Only when events of several logging threads arrive here (AsyncAppender). */
    @Nullable Map<String, Ring> byName;

    /**
     * The rings of {@link #byName} for the sweep, which must not iterate a map its owner changes:
     * an array only ever replaced or appended to by the owner, read as it is by the sweep.
     */
    @Nullable Ring @Nullable [] all;

    int count;

    Named(long owner) {
      super(owner);
    }

    void add(Ring ring) {
      if (all == null || count == all.length) {
        all = Arrays.copyOf(all == null ? new Ring[0] : all, Math.max(8, 2 * count));
      }
      all[count++] = ring;
    }

    /** After rings were forgotten: the sweep sees only those left. */
    @SuppressWarnings("NullAway") // only ever called once byName is set
    void rebuild() {
      all = byName.values().toArray(new Ring[0]);
      count = all.length;
    }
  }

  /**
   * An error's line without its Throwable, which may pin request objects and class loaders. Reused
   * in place when the ring comes round to it again (an error storm on one thread allocates none):
   * only the owning thread reads a line's fields, and the sweep only drops lines from the ring.
   */
  private static final class Line {
    long timeStamp;
    Level level;
    String loggerName;
    @Nullable String message;
    Object @Nullable [] arguments;

    Line(ILoggingEvent event) {
      level = event.getLevel();
      loggerName = event.getLoggerName();
      take(event);
    }

    /**
     * This line as {@code event}'s. References are compared before they are written: the same error
     * again has the same level, logger and pattern, and a reference written into an old object
     * costs a GC barrier (with G1 a memory fence) that a read does not.
     */
    Line take(ILoggingEvent event) {
      timeStamp = event.getTimeStamp();
      Level l = event.getLevel();
      if (level != l) {
        level = l;
      }
      String logger = event.getLoggerName();
      if (loggerName != logger) {
        loggerName = logger;
      }
      String m = event.getMessage();
      if (message != m) {
        message = m;
      }
      Object[] args = event.getArgumentArray();
      if (arguments != args) {
        arguments = args;
      }
      return this;
    }

    @Nullable String formattedMessage() {
      return arguments == null
          ? message
          : MessageFormatter.arrayFormat(message, arguments, null).getMessage();
    }
  }

  public BreadcrumbTrail(int capacity) {
    this(capacity, null, null);
  }

  /**
   * @param requestIdKey the MDC key of a per-request id, or null
   * @param context the appender's context, whose MDC adapter a virtual thread's lines are read
   *     through (see {@link #rememberOnVirtual}), or null to read every line's MDC from its event
   */
  public BreadcrumbTrail(
      int capacity, @Nullable String requestIdKey, @Nullable LoggerContext context) {
    this.capacity = capacity;
    this.requestIdKey = requestIdKey;
    this.context = context;
  }

  /**
   * Remembers a line below ERROR: for the customer in its MDC under {@code customerKey}, or, when
   * it has none, as the end of the request on its thread.
   */
  public void remember(ILoggingEvent event, String customerKey) {
    Rings r = atHome();
    if (r instanceof Named n) {
      Map<String, String> mdc = event.getMDCPropertyMap();
      Ring ring = n.last;
      if (ring != null && mdc == ring.mdc && ring.customer != null) {
        // Every line of a request but the first: Logback's MDC adapters (LogbackMDCAdapter and
        // LogbackMDCAdapterSimple) hand each thread its own read-only map and a new one whenever
        // the MDC changes, so the very map of this ring's last line means the same logging thread,
        // customer and request id, and nothing needs to be looked up again.
        add(n, ring, event, event);
      } else {
        rememberFirst(event, mdc, customerKey);
      }
    } else if (r != null || VirtualThreads.isVirtual(Thread.currentThread())) {
      rememberOnVirtual(r, event, customerKey);
    } else {
      rememberFirst(event, event.getMDCPropertyMap(), customerKey);
    }
  }

  /**
   * A line on a virtual thread ({@code r} its rings if at home, else null). A virtual thread only
   * appends the events it logs itself (Logback's AsyncAppender works on a platform thread), so an
   * event of the appender's context carries, once asked, a copy of this thread's MDC as it is now:
   * the customer and request id are read from the live MDC instead, and Logback never builds that
   * copy (a map, its table and entries, and a thread-local entry: most of what a request on a new
   * thread would cost beyond Logback's own work). Without the map, "the same request" is the same
   * customer String (identity, as the filter put it) and request id on the same thread: a virtual
   * thread is never reused, so its first line always starts a new trail. Unlike on a platform
   * thread, putting the same values again or removing another key is not seen (see the class
   * comment).
   */
  private void rememberOnVirtual(@Nullable Rings r, ILoggingEvent event, String customerKey) {
    MDCAdapter live = liveMdc(event);
    Map<String, String> mdc = live == null ? event.getMDCPropertyMap() : null;
    String customer = read(live, mdc, customerKey);
    String id = requestIdKey == null ? null : read(live, mdc, requestIdKey);
    if (r != null && customer != null && customer == r.customer && id == r.requestId) {
      add(r, r, event, event); // every line of a request but the first
    } else if (customer != null && !customer.isBlank()) {
      Rings mine = Objects.requireNonNull(ownRings(true)); // with create, never null
      add(
          mine,
          mine instanceof Named n ? current(n, event, customer) : sameRequest(mine, customer, id),
          event,
          event);
    } else {
      endRequest(event);
    }
  }

  /**
   * The adapter the event's MDC would be copied from, when the event is of the appender's context
   * (then, on its own virtual thread, the adapter's live values are the event's); else null.
   */
  private @Nullable MDCAdapter liveMdc(ILoggingEvent event) {
    LoggerContext c = context;
    return c != null && event.getLoggerContextVO() == c.getLoggerContextRemoteView()
        ? c.getMDCAdapter()
        : null;
  }

  private static @Nullable String read(
      @Nullable MDCAdapter live, @Nullable Map<String, String> mdc, String key) {
    return live != null ? live.get(key) : mdc == null ? null : mdc.get(key);
  }

  /** A line whose MDC map this thread's trail has not seen yet: the customer is looked up. */
  private void rememberFirst(ILoggingEvent event, Map<String, String> mdc, String customerKey) {
    String customer = mdc == null ? null : mdc.get(customerKey);
    if (customer != null && !customer.isBlank()) {
      store(event, customer, event);
    } else {
      endRequest(event);
    }
  }

  /**
   * Remembers an ERROR's line (time, level, logger, message and arguments) for {@code customer}
   * (the raw MDC value), never its Throwable graph, which may pin request objects and class
   * loaders. The message is formatted only if a later error needs the line, as for every other
   * breadcrumb.
   */
  public void recordLine(ILoggingEvent event, String customer) {
    if (event.getThrowableProxy() == null) {
      store(event, customer, event); // nothing to leave behind: no copy
      return;
    }
    Rings r = Objects.requireNonNull(ownRings(true)); // with create, never null
    Ring ring = current(r, event, customer);
    @Nullable Object[] events = ring.events;
    Object replaced = ring.next < events.length ? events[ring.next] : null; // else not grown yet
    add(r, ring, event, replaced instanceof Line old ? old.take(event) : new Line(event));
  }

  /** Remembers a line logged for {@code customer} (the raw MDC value) on the event's thread. */
  public void record(ILoggingEvent event, String customer) {
    store(event, customer, event);
  }

  private void store(ILoggingEvent event, String customer, Object line) {
    Rings r = Objects.requireNonNull(ownRings(true)); // with create, never null
    add(r, current(r, event, customer), event, line);
  }

  private void add(Rings r, Ring ring, ILoggingEvent event, Object line) {
    r.lastMillis = event.getTimeStamp();
    @Nullable Object[] events = ring.events;
    if (ring.next == events.length) { // only before the ring first wraps: it is not full yet
      events = ring.events = grown(events);
    }
    if (events[ring.next] != line) { // a reused error line is already in place
      events[ring.next] = line;
    }
    ring.writes++;
    if (++ring.next == capacity) {
      ring.next = 0;
    }
    if (ring.size < capacity) {
      ring.size++;
    }
  }

  /** A ring's array with room for more lines, up to the capacity. */
  private @Nullable Object[] grown(@Nullable Object[] events) {
    return events.length == 0
        ? new Object[Math.min(capacity, FIRST_SLOTS)] // a request's first line: nothing to copy
        : Arrays.copyOf(events, Math.min(capacity, 2 * events.length));
  }

  /** The request on the event's thread is over (a line without a customer): forget its lines. */
  public void endRequest(ILoggingEvent event) {
    Rings r = ownRings(false);
    if (r == null) {
      return; // this thread never logged for a customer: nothing to forget, nothing to create
    }
    Ring ring = ring(r, event);
    if (ring.size > 0) {
      ring.clear();
    }
  }

  /**
   * The lines recorded before {@code event} on its thread for {@code customer} in the same request,
   * oldest first, with messages formatted and capped.
   */
  public List<Breadcrumb> lines(ILoggingEvent event, String customer) {
    Rings r = ownRings(false);
    if (r == null) {
      return List.of();
    }
    Ring ring = current(r, event, customer);
    if (ring.size == 0) {
      return List.of();
    }
    List<Breadcrumb> lines = new ArrayList<>(ring.size);
    for (int i = 0; i < ring.size; i++) {
      Object o = ring.events[(ring.next - ring.size + i + capacity) % capacity];
      if (o instanceof ILoggingEvent e) {
        lines.add(
            breadcrumb(e.getTimeStamp(), e.getLevel(), e.getLoggerName(), e.getFormattedMessage()));
      } else if (o instanceof Line l) {
        lines.add(breadcrumb(l.timeStamp, l.level, l.loggerName, l.formattedMessage()));
      } // else emptied by a sweep while the thread was quiet
    }
    return List.copyOf(lines);
  }

  private static Breadcrumb breadcrumb(
      long time, Level level, String logger, @Nullable String message) {
    return new Breadcrumb(
        time,
        level.toString(),
        logger,
        ReportLimits.capForRedaction(String.valueOf(message), MAX_MESSAGE_CHARS));
  }

  /** The event's thread's ring, emptied first when the event begins another request. */
  private Ring current(Rings r, ILoggingEvent event, String customer) {
    if (!(r instanceof Named n)) {
      // A virtual thread's: its MDC map is never kept (see rememberOnVirtual), so neither an ERROR
      // nor the lines after it compare one; the ERROR's map is there already, for the request id.
      return sameRequest(
          r, customer, requestIdKey == null ? null : requestId(event.getMDCPropertyMap()));
    }
    Ring ring = ring(n, event.getThreadName());
    Map<String, String> mdc = event.getMDCPropertyMap();
    // Kept this small so the JIT inlines it: the same customer and an unchanged MDC is every line
    // but the first of a request, and then nothing else needs to be looked at.
    if (customer != ring.customer || mdc != ring.mdc || requestIdKey != null) {
      changed(ring, customer, requestId(mdc), mdc);
    }
    return ring;
  }

  /** A virtual thread's ring, emptied first when {@code customer} or {@code id} begin another. */
  private Rings sameRequest(Rings r, String customer, @Nullable String id) {
    if (customer != r.customer || requestIdKey != null) {
      changed(r, customer, id, null);
    }
    return r;
  }

  private @Nullable String requestId(@Nullable Map<String, String> mdc) {
    return requestIdKey == null || mdc == null ? null : mdc.get(requestIdKey);
  }

  /**
   * @param id the line's request id (null without {@code requestIdMdcKey})
   * @param mdc the line's MDC map, or null on a virtual thread (none is kept)
   */
  private void changed(
      Ring ring, String customer, @Nullable String id, @Nullable Map<String, String> mdc) {
    if (startsNewTrail(ring, customer, id, mdc)) {
      ring.clear();
      ring.customer = customer;
      ring.requestId = id;
    }
    ring.mdc = mdc;
  }

  private boolean startsNewTrail(
      Ring ring, String customer, @Nullable String id, @Nullable Map<String, String> mdc) {
    if (requestIdKey != null) {
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

  /**
   * The calling thread's rings: in its home slot, as nearly always, or elsewhere in its window;
   * with {@code create}, a new one in a free slot or in place of the window's oldest.
   */
  private @Nullable Rings ownRings(boolean create) {
    long id = threadId();
    int home = home(id);
    Rings r = table[home];
    if (r != null && r.owner == id) {
      return r;
    }
    return elsewhere(id, home, create);
  }

  /** The calling thread's rings if they are in its home slot (as nearly always), else null. */
  private @Nullable Rings atHome() {
    long id = threadId();
    Rings r = table[home(id)];
    return r != null && r.owner == id ? r : null;
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
  private static long threadId() {
    return Thread.currentThread().getId();
  }

  private static int home(long threadId) {
    return (int) ((threadId * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
  }

  private static final int SLOT_BITS = Integer.numberOfTrailingZeros(SLOTS);

  private @Nullable Rings elsewhere(long id, int home, boolean create) {
    int victim = -1;
    long oldest = Long.MAX_VALUE;
    for (int i = 0; i < WINDOW; i++) {
      int slot = (home + i) & (SLOTS - 1);
      Rings r = table[slot];
      if (r == null) {
        if (oldest != Long.MIN_VALUE) {
          victim = slot; // the first free slot wins over any taken one
          oldest = Long.MIN_VALUE;
        }
      } else if (r.owner == id) {
        return r;
      } else if (r.lastMillis < oldest) {
        victim = slot;
        oldest = r.lastMillis;
      }
    }
    if (!create) {
      return null;
    }
    Rings mine = VirtualThreads.isVirtual(Thread.currentThread()) ? new Rings(id) : new Named(id);
    if (!closed) { // else an event that raced with stop(): its ring is not kept
      table[victim] = mine;
    }
    return mine;
  }

  /**
   * The ring of the event's logging thread. A virtual thread appends only its own events (Logback's
   * AsyncAppender works on a platform thread), so its one ring is the one, and its name, which
   * Logback 1.5 works out by reflection for every event of an unnamed virtual thread, is not asked.
   */
  private Ring ring(Rings r, ILoggingEvent event) {
    return r instanceof Named n ? ring(n, event.getThreadName()) : r;
  }

  private Ring ring(Named r, String name) {
    if (name == r.lastName && r.last != null) {
      return r.last; // the common case: the appending thread is the logging thread
    }
    return switchTo(r, name == null ? "" : name);
  }

  private Ring switchTo(Named r, String name) {
    if (r.last == null) {
      r.last = new Ring();
    } else if (!name.equals(r.lastName)) {
      // Events of several logging threads arrive on this one (AsyncAppender's worker).
      if (r.byName == null) {
        r.byName = new HashMap<>();
        r.byName.put(r.lastName, r.last);
        r.add(r.last);
      }
      Ring ring = r.byName.get(name);
      if (ring == null) {
        if (r.byName.size() >= MAX_RINGS_PER_APPENDING_THREAD) {
          r.byName.values().removeIf(Ring::isEmpty);
          if (r.byName.size() >= MAX_RINGS_PER_APPENDING_THREAD) {
            r.byName.clear();
          }
          r.rebuild();
        }
        ring = new Ring();
        r.byName.put(name, ring);
        r.add(ring);
      }
      r.last = ring;
    }
    r.lastName = name;
    return r.last;
  }

  /**
   * Empties the trail of every thread that recorded nothing since the previous sweep, and gives up
   * the slot of an appending thread whose every trail was quiet (a finished or idle thread). Called
   * by the delivery worker every {@link #IDLE_LIMIT}. Only the ring's slots are cleared (the owner
   * keeps its position and customer), so a line the owner records at the same moment is at worst
   * lost, never mixed into another request.
   */
  public void sweep() {
    for (int i = 0; i < SLOTS; i++) {
      Rings r = table[i];
      if (r != null && sweep(r)) {
        table[i] = null;
      }
    }
    sweeps++; // the worker is the only writer
  }

  /** Whether every ring of {@code r} was quiet (and is now empty). */
  private static boolean sweep(Rings r) {
    if (!(r instanceof Named n)) { // a virtual thread's, its one ring
      if (r.quietSinceLastSweep()) {
        r.empty();
        return true;
      }
      return false;
    }
    @Nullable Ring @Nullable [] all = n.all;
    if (all == null) {
      Ring ring = n.last;
      if (ring == null || ring.quietSinceLastSweep()) {
        if (ring != null) {
          ring.empty();
        }
        return true;
      }
      return false;
    }
    boolean allQuiet = true;
    for (Ring ring : all) {
      if (ring == null) {
        continue; // not yet visible to this thread, or past the end
      }
      if (ring.quietSinceLastSweep()) {
        ring.empty();
      } else {
        allQuiet = false;
      }
    }
    return allQuiet;
  }

  /**
   * Empties every thread's trail and lets go of every thread's rings: the appender stopped, and
   * pool threads outlive it (they hold nothing of ours either way).
   */
  public void forgetAll() {
    closed = true;
    for (int i = 0; i < SLOTS; i++) {
      Rings r = table[i];
      table[i] = null;
      Ring ring = r instanceof Named n ? n.last : r;
      if (ring != null) {
        ring.empty();
      }
    }
  }

  /** Whether the calling thread holds any state of this trail (for tests). */
  public boolean holdsStateOnThisThread() {
    return ownRings(false) != null;
  }

  /** Sweeps done so far (for tests). */
  public long sweeps() {
    return sweeps;
  }
}
