package io.github.plainlogback.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the handler {@link FilterChainWeaver} adds to the containers' {@code FilterChain.doFilter}
 * calls when an exception leaves it: reports an exception that leaves the whole filter chain (the
 * application did not handle it; the customer gets an error response) with {@code
 * UnhandledExceptions.report}, for the customer that was in the MDC where it first left a chain.
 *
 * <p>Why the outermost exit reports and the innermost one only remembers the MDC: a filter may
 * still handle the exception (Spring Security's {@code ExceptionTranslationFilter} turns an {@code
 * AccessDeniedException} into a 403), so only an exception that leaves the outermost chain is
 * unhandled; but by then the application's filter has taken the customer out of the MDC, so the
 * innermost exit, inside every filter, copies the MDC. Knowing which exit is the outermost costs a
 * stack walk, on the failing path only: no entry hook, nothing on a request that does not fail.
 *
 * <p>Class loaders: loaded once, by the system loader, and called from the container's loader. The
 * MDC the application's filter writes is the SLF4J of the application's Logback, and the registry
 * the appender reads is the {@code UnhandledExceptions} next to that appender (the agent's copy
 * loaded next to a web application's Logback, or the application's own appender). So each appender
 * the agent attaches or finds registers its {@code UnhandledExceptions} here, weakly, and the hook
 * reads the MDC through that class's loader and reports to it. An appender whose MDC is empty on
 * this thread (another web application's) gets nothing.
 *
 * <p>Nothing here may throw into the container, change the exception, or pin a class loader: the
 * registered classes are weakly held, the per-class method handles live in {@link ClassValue}s
 * (stored on the class they describe), and the per-thread MDC copy holds the exception weakly.
 */
public final class FilterChainHooks {
  static final String UNHANDLED = "io.github.plainlogback.UnhandledExceptions";

  /**
   * The containers' ways of saying "the client went away" or "the request was bad": not bugs of the
   * application (Tomcat and Jetty answer them themselves, without a 500).
   */
  static final Set<String> NOT_BUGS =
      Set.of(
          "org.apache.coyote.BadRequestException", // Tomcat 10.1+: ClientAbortException too
          "org.apache.catalina.connector.ClientAbortException", // Tomcat 9
          "org.apache.coyote.CloseNowException",
          "org.apache.tomcat.util.http.InvalidParameterException",
          "org.eclipse.jetty.io.EofException",
          "org.eclipse.jetty.http.BadMessageException");

  private static final Set<String> CHAIN_CLASSES =
      FilterChainWeaver.CHAINS.stream().map(n -> n.replace('/', '.')).collect(Collectors.toSet());

  private static final StackWalker STACK = StackWalker.getInstance();

  /** The UnhandledExceptions next to each appender the agent attached or found, weakly. */
  private static final List<WeakReference<Class<?>>> TARGETS = new CopyOnWriteArrayList<>();

  /** The MDC where the exception in flight on this thread first left a chain. */
  private static final ThreadLocal<InFlight> IN_FLIGHT = new ThreadLocal<>();

  private static final ClassValue<@Nullable Target> TARGET =
      new ClassValue<>() {
        @Override
        protected @Nullable Target computeValue(Class<?> unhandled) {
          return Target.of(unhandled);
        }
      };

  private static final ClassValue<MethodHandle[]> REQUEST =
      new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> requestClass) {
          return requestReaders(requestClass);
        }
      };

  private FilterChainHooks() {}

  /** An exception leaving one FilterChain.doFilter; {@code thrown} is rethrown after. */
  private record InFlight(WeakReference<Throwable> thrown, Map<Class<?>, Map<String, String>> mdc) {
    boolean concerns(Throwable t) {
      Throwable first = thrown.get();
      for (int i = 0; t != null && first != null && i < 16; i++) {
        if (t == first) {
          return true; // the same, or a wrapper of it (a ServletException, a filter's own)
        }
        t = t.getCause() == t ? null : t.getCause();
      }
      return false;
    }
  }

  /** How to read one application's MDC and report to its registry. */
  private record Target(MethodHandle mdc, MethodHandle report) {
    static @Nullable Target of(Class<?> unhandled) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> mdc = Class.forName("org.slf4j.MDC", false, unhandled.getClassLoader());
        return new Target(
            lookup.findStatic(mdc, "getCopyOfContextMap", MethodType.methodType(Map.class)),
            lookup.findStatic(
                unhandled,
                "report",
                MethodType.methodType(
                    boolean.class, Throwable.class, String.class, String.class, Map.class)));
      } catch (ReflectiveOperationException | LinkageError e) {
        AgentHooks.failedOnce("find UnhandledExceptions next to the appender", e);
        return null;
      }
    }
  }

  /**
   * Makes the exceptions that escape requests reach {@code appender}'s registry. Called for each
   * PlainThreadAppender the agent attaches or finds in a configuration. Never throws.
   */
  static void reportTo(Object appender) {
    try {
      Class<?> unhandled = Class.forName(UNHANDLED, false, appender.getClass().getClassLoader());
      synchronized (TARGETS) {
        TARGETS.removeIf(ref -> ref.get() == null);
        for (WeakReference<Class<?>> ref : TARGETS) {
          if (ref.get() == unhandled) {
            return;
          }
        }
        TARGETS.add(new WeakReference<>(unhandled));
      }
    } catch (ClassNotFoundException e) {
      // an application's own appender of a version without UnhandledExceptions: nothing to do
    } catch (Throwable t) {
      AgentHooks.failedOnce("watch unhandled exceptions for an appender", t);
    }
  }

  /**
   * Woven into the exception handler of the containers' {@code FilterChain.doFilter}; the woven
   * code rethrows {@code thrown} after. Never throws.
   */
  public static void escaped(Throwable thrown, Object request) {
    try {
      if (thrown instanceof VirtualMachineError || TARGETS.isEmpty() || isNotABug(thrown)) {
        return;
      }
      InFlight first = IN_FLIGHT.get();
      if (first != null && !first.concerns(thrown)) {
        first = null; // one a filter handled, long ago
      }
      if (!isOutermost()) {
        if (first == null) {
          IN_FLIGHT.set(new InFlight(new WeakReference<>(thrown), currentMdc()));
        }
        return;
      }
      IN_FLIGHT.remove();
      Map<Class<?>, Map<String, String>> mdc = first != null ? first.mdc() : currentMdc();
      @Nullable String[] methodAndPath = methodAndPath(request);
      for (WeakReference<Class<?>> ref : TARGETS) {
        Class<?> unhandled = ref.get();
        Map<String, String> context = unhandled == null ? null : mdc.get(unhandled);
        Target target = context == null ? null : TARGET.get(unhandled);
        if (target != null) {
          // false when no customer, or reported before (an integration of the application's own)
          target.report().invoke(thrown, methodAndPath[0], methodAndPath[1], context);
        }
      }
    } catch (Throwable t) {
      AgentHooks.failedOnce("report an unhandled exception", t);
    }
  }

  /** Whether no other woven doFilter is on the stack: the exception leaves the container's call. */
  private static boolean isOutermost() {
    long chains =
        STACK.walk(
            frames ->
                frames
                    .filter(
                        f ->
                            f.getMethodName().equals(FilterChainWeaver.METHOD)
                                && CHAIN_CLASSES.contains(f.getClassName()))
                    .limit(2)
                    .count());
    return chains < 2;
  }

  /** Each registered application's MDC on this thread, where it holds anything. */
  private static Map<Class<?>, Map<String, String>> currentMdc() {
    Map<Class<?>, Map<String, String>> copies = new WeakHashMap<>();
    for (WeakReference<Class<?>> ref : TARGETS) {
      Class<?> unhandled = ref.get();
      Target target = unhandled == null ? null : TARGET.get(unhandled);
      if (target == null) {
        continue;
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, String> mdc = (Map<String, String>) target.mdc().invoke();
        if (mdc != null && !mdc.isEmpty()) {
          copies.put(unhandled, new HashMap<>(mdc));
        }
      } catch (Throwable t) {
        AgentHooks.failedOnce("read the application's MDC", t);
      }
    }
    return copies;
  }

  private static boolean isNotABug(Throwable thrown) {
    Throwable t = thrown;
    for (int i = 0; t != null && i < 16; i++) {
      for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
        if (NOT_BUGS.contains(c.getName())) {
          return true;
        }
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return false;
  }

  /** The request's method and URI (without the query), if it is an HTTP request. */
  private static @Nullable String[] methodAndPath(@Nullable Object request) {
    @Nullable String[] result = new String[2];
    if (request == null) {
      return result;
    }
    MethodHandle[] readers = REQUEST.get(request.getClass());
    for (int i = 0; i < readers.length; i++) {
      try {
        result[i] = (String) readers[i].invoke(request);
      } catch (Throwable t) {
        result[i] = null; // a request the container has recycled: report without it
      }
    }
    return result;
  }

  /** getMethod and getRequestURI of the HttpServletRequest interface the class implements. */
  private static MethodHandle[] requestReaders(Class<?> requestClass) {
    Class<?> http = httpRequestInterface(requestClass);
    if (http == null) {
      return new MethodHandle[0];
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType string = MethodType.methodType(String.class);
      return new MethodHandle[] {
        lookup
            .findVirtual(http, "getMethod", string)
            .asType(MethodType.methodType(Object.class, Object.class)),
        lookup
            .findVirtual(http, "getRequestURI", string)
            .asType(MethodType.methodType(Object.class, Object.class))
      };
    } catch (ReflectiveOperationException | LinkageError e) {
      return new MethodHandle[0];
    }
  }

  private static @Nullable Class<?> httpRequestInterface(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals("jakarta.servlet.http.HttpServletRequest")
            || i.getName().equals("javax.servlet.http.HttpServletRequest")) {
          return i;
        }
        Class<?> found = httpRequestInterface(i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
