package io.github.plainlogback.agent;

import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the advice woven into Logback calls. It is loaded once, by the system class loader (the
 * agent jar is on the class path), and knows no Logback type: a web application's or a Spring Boot
 * fat jar's Logback lives in a child loader the system loader cannot see. The Logback-typed work is
 * done by a {@link RootAttacher} loaded next to that Logback, one per Logback copy.
 */
public final class AgentHooks {
  /** Key of the agent's mark in the LoggerContext's object map, which {@code reset()} clears. */
  public static final String KEY = "io.github.plainlogback.agent";

  /**
   * Name of the appender the agent attaches; any other PlainThreadAppender is the application's.
   */
  public static final String APPENDER_NAME = "PLAIN_AGENT";

  public static final String APPENDER_CLASS = "io.github.plainlogback.PlainThreadAppender";

  /**
   * The context the logging path last found in order: while it is the one logging, the advice costs
   * one volatile read and a compare. Reset and a foreign PlainThreadAppender clear it.
   */
  public static volatile @Nullable Object lastChecked;

  /** Bumped by every reset, so a check racing with a reset does not mark the context as done. */
  private static volatile int epoch;

  /**
   * Bumped when a configuration adds a PlainThreadAppender of its own: a context marked in order
   * before that is checked again (and the agent's appender removed).
   */
  private static volatile int appenderEpoch;

  private static volatile Map<String, String> settings = Map.of();
  private static volatile Map<String, String> origins = Map.of();
  private static volatile @Nullable String apiKey;
  private static final ThreadLocal<Boolean> CHECKING = new ThreadLocal<>();
  private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

  /** Appenders the agent attached, weakly: a detached one must not keep its web app loaded. */
  private static final Set<Object> ATTACHED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** One attacher per Logback copy, keyed by its LoggerContext class: lock-free to read. */
  private static final ClassValue<Consumer<Object>> ATTACHERS =
      new ClassValue<>() {
        @Override
        protected Consumer<Object> computeValue(Class<?> contextClass) {
          return newAttacher(contextClass);
        }
      };

  private AgentHooks() {}

  static void configure(AgentSettings agentSettings) {
    settings = agentSettings.values();
    origins = agentSettings.origins();
    apiKey = agentSettings.apiKey();
  }

  /**
   * Woven at the start of {@code Logger.callAppenders}: the whole cost of the agent on the logging
   * path while the context stays in order. Never throws.
   */
  public static void onCallAppenders(Object context) {
    if (context != lastChecked) {
      check(context);
    }
  }

  /** Woven before {@code Logger.addAppender} returns. Never throws. */
  public static void appenderAdded(@Nullable Object appender) {
    try {
      if (appender != null
          && isPlainAppender(appender)
          && !APPENDER_NAME.equals(appender.getClass().getMethod("getName").invoke(appender))) {
        appenderEpoch++;
        lastChecked = null;
      }
    } catch (Throwable t) {
      failedOnce("check an appender the configuration added", t);
    }
  }

  /** Woven before {@code LoggerContext.reset} returns: reset cleared the context's object map. */
  public static void afterReset() {
    epoch++;
    lastChecked = null;
  }

  /**
   * Woven before {@code LoggerContext.stop} returns: a stopped context (the JVM or Spring Boot
   * shutting down) gets nothing attached until it is reset again.
   */
  public static void afterStop(Object context) {
    try {
      context
          .getClass()
          .getMethod("putObject", String.class, Object.class)
          .invoke(context, KEY, "stopped");
    } catch (Throwable t) {
      failedOnce("mark a stopped Logback context", t);
    }
  }

  /** The value a context in order holds under {@link #KEY}. */
  public static String attachedMark() {
    return "attached@" + appenderEpoch;
  }

  static void check(Object context) {
    if (context == null || CHECKING.get() != null) {
      return; // the appender's own start-up may log (a JUL bridge): do not recurse
    }
    CHECKING.set(Boolean.TRUE);
    try {
      int before = epoch;
      ATTACHERS.get(context.getClass()).accept(context);
      if (epoch == before) {
        lastChecked = context;
      }
    } catch (Throwable t) {
      failedOnce("attach the PlainThreadAppender", t);
      lastChecked = context; // do not retry on every event
    } finally {
      CHECKING.remove();
    }
  }

  /** Whether the object is a PlainThreadAppender (any copy: compared by class name). */
  public static boolean isPlainAppender(Object appender) {
    for (Class<?> c = appender.getClass(); c != null; c = c.getSuperclass()) {
      if (APPENDER_CLASS.equals(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The PlainThreadAppender and this attacher, from the agent jar, must link against the Logback of
   * the context. When the system loader's Logback is that Logback (an ordinary class path), the
   * agent's classes are used as they are. Otherwise (Spring Boot fat jar, web application), they
   * are loaded again, child-first, from the agent jar with the context's loader as parent. The
   * application's own copy of the appender, if it has one, is not used: it may be another version.
   */
  private static Consumer<Object> newAttacher(Class<?> contextClass) {
    try {
      ClassLoader logbackLoader = contextClass.getClassLoader();
      ClassLoader own = AgentHooks.class.getClassLoader();
      ClassLoader loader = own;
      if (!sameClass("ch.qos.logback.classic.LoggerContext", logbackLoader, own)) {
        loader = new AgentJarLoader(AgentHooks.class, logbackLoader);
      }
      Class<?> attacher = Class.forName(RootAttacher.class.getName(), true, loader);
      Constructor<?> constructor = attacher.getConstructor(Map.class, Map.class, String.class);
      @SuppressWarnings("unchecked")
      Consumer<Object> consumer =
          (Consumer<Object>) constructor.newInstance(settings, origins, apiKey);
      return consumer;
    } catch (Throwable t) {
      failedOnce("load the PlainThreadAppender next to this Logback", t);
      return context -> {};
    }
  }

  private static boolean sameClass(String name, ClassLoader a, ClassLoader b) {
    try {
      return Class.forName(name, false, a) == Class.forName(name, false, b);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Remembers an attached appender so the JVM's exit stops it, delivering what is queued within its
   * shutdownTimeout, as Logback's {@code <shutdownHook/>} would (stopping twice is harmless).
   */
  public static void attached(Object appender) {
    ATTACHED.add(appender);
    FilterChainHooks.reportTo(appender);
  }

  /**
   * A PlainThreadAppender of the application's own configuration: the exceptions that escape its
   * requests are reported to it too.
   */
  public static void foundApplicationAppender(Object appender) {
    FilterChainHooks.reportTo(appender);
  }

  static void stopAll() {
    Object[] appenders;
    synchronized (ATTACHED) {
      appenders = ATTACHED.toArray();
    }
    for (Object appender : appenders) {
      try {
        appender.getClass().getMethod("stop").invoke(appender);
      } catch (Throwable ignored) {
        // the JVM is exiting; nothing more to do
      }
    }
  }

  /** Prints a line on stderr the first time a given key is said; true if it was printed. */
  public static boolean sayOnce(String key, String message) {
    if (SAID.add(key)) {
      say(message);
      return true;
    }
    return false;
  }

  /** Tests only: forget what was said, and the context last found in order. */
  static void forget() {
    SAID.clear();
    lastChecked = null;
  }

  public static void say(String message) {
    System.err.println("plain-logback-appender agent: " + message);
  }

  /** Reports a failure of the agent once per kind, on stderr; the application runs on. */
  static void failedOnce(String what, Throwable t) {
    sayOnce("failed:" + what, "could not " + what + " (" + t + "); the application runs on");
  }
}
