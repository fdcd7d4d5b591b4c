package io.github.plainlogback.internal.inflight;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Exceptions that escaped a request while a customer was known, by identity: the innermost place
 * that sees one (a servlet filter's exceptional exit, a Spring exception resolver, a reactive error
 * signal, the agent's hook on {@code FilterChain.doFilter}) hands it to the running appenders here,
 * and every later sighting of it is recognised and left alone: an outer filter that sees the same
 * exception, the container's own log line of it, of its wrapper or of its root cause (Tomcat logs
 * the root cause, Jetty the wrapper).
 *
 * <p>Bounded: {@link #SLOTS} weakly held exceptions, each forgotten after {@link #MEMORY_NANOS} or
 * when its slot is taken, so nothing pins an exception, its request or a class loader. The lookup
 * is lock-free and costs one volatile read while no exception escaped lately; a request that does
 * not fail never comes here.
 */
public final class EscapedExceptions {
  /** How many escaped exceptions (each with its causes) are remembered at once. */
  public static final int SLOTS = 256;

  /** How long an escaped exception is recognised; the container logs it within milliseconds. */
  public static final long MEMORY_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** How many causes of one exception are remembered and searched. */
  static final int MAX_CHAIN = 16;

  private static final int PROBES = 4;

  /** The one registry the integrations and the appenders of this class loader share. */
  private static final EscapedExceptions SHARED = new EscapedExceptions(System::nanoTime);

  /** What an appender does with an escaped exception. */
  public interface Sink {
    /**
     * @return whether the exception became (or joined) a report for a customer
     */
    boolean report(Escape escape);
  }

  /**
   * An exception that escaped a request.
   *
   * @param thrown what the application threw, its container's wrappers already taken off
   * @param method the request's method, or null
   * @param path the request's path without its query, or null
   * @param context the MDC entries of the request (customer, request id) when the caller knows them
   *     (a reactive chain); null to read the current thread's MDC
   */
  public record Escape(
      Throwable thrown,
      @Nullable String method,
      @Nullable String path,
      @Nullable Map<String, String> context) {}

  private record Remembered(WeakReference<Throwable> ref, long atNanos) {}

  private final List<Sink> sinks = new CopyOnWriteArrayList<>();
  private final AtomicReferenceArray<Remembered> slots = new AtomicReferenceArray<>(SLOTS);
  private final LongSupplier nanoClock;

  /** When an exception was last remembered; lets the lookup stop at once when none is recent. */
  private volatile long lastRememberedNanos;

  private volatile boolean anyRemembered;

  /** Visible for tests: a registry of its own, on a clock of its own. */
  public EscapedExceptions(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public static EscapedExceptions shared() {
    return SHARED;
  }

  public void addSink(Sink sink) {
    sinks.add(sink);
  }

  public void removeSink(Sink sink) {
    sinks.remove(sink);
  }

  /**
   * Hands an escaped exception to every running appender, unless it (or an exception in its cause
   * chain) was handed over before; remembers it when one took it.
   *
   * @return whether an appender took it
   */
  public boolean escaped(Escape escape) {
    Throwable thrown = escape.thrown();
    if (thrown == null || sinks.isEmpty() || wasReported(thrown)) {
      return false;
    }
    boolean taken = false;
    for (Sink sink : sinks) {
      taken |= sink.report(escape);
    }
    if (taken) {
      remember(thrown);
    }
    return taken;
  }

  /** Whether this exception, or one in its cause chain, escaped and was reported lately. */
  public boolean wasReported(Throwable t) {
    if (!anyRemembered) {
      return false;
    }
    long now = nanoClock.getAsLong();
    if (now - lastRememberedNanos > MEMORY_NANOS) {
      return false;
    }
    Throwable c = t;
    for (int depth = 0; c != null && depth < MAX_CHAIN; depth++) {
      if (find(c, now)) {
        return true;
      }
      Throwable next = c.getCause();
      c = next == c ? null : next;
    }
    return false;
  }

  private boolean find(Throwable t, long now) {
    int home = System.identityHashCode(t) & (SLOTS - 1);
    for (int i = 0; i < PROBES; i++) {
      Remembered r = slots.get((home + i) & (SLOTS - 1));
      if (r != null && r.ref().get() == t && now - r.atNanos() <= MEMORY_NANOS) {
        return true;
      }
    }
    return false;
  }

  /** Remembers the exception and its causes, so a log line of any of them is recognised. */
  void remember(Throwable thrown) {
    long now = nanoClock.getAsLong();
    Throwable c = thrown;
    for (int depth = 0; c != null && depth < MAX_CHAIN; depth++) {
      put(c, now);
      Throwable next = c.getCause();
      c = next == c ? null : next;
    }
    lastRememberedNanos = now;
    anyRemembered = true;
  }

  private void put(Throwable t, long now) {
    int home = System.identityHashCode(t) & (SLOTS - 1);
    int victim = home;
    long oldestAge = -1;
    for (int i = 0; i < PROBES; i++) {
      int at = (home + i) & (SLOTS - 1);
      Remembered r = slots.get(at);
      Throwable held = r == null ? null : r.ref().get();
      if (held == null || held == t || now - r.atNanos() > MEMORY_NANOS) {
        victim = at;
        break;
      }
      if (now - r.atNanos() > oldestAge) { // else the oldest of the probed slots gives way
        oldestAge = now - r.atNanos();
        victim = at;
      }
    }
    // A lost race only overwrites another entry: the memory is a best-effort cache, bounded.
    slots.set(victim, new Remembered(new WeakReference<>(t), now));
  }
}
