package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.plainlogback.test.PlainStandInExtension;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Undeploying a webapp must not leak it. As a servlet container does: the webapp's Logback,
 * appender and dependencies come from a class loader of their own, a request is served on a pooled
 * thread that outlives the webapp, the webapp's Logback is stopped, and then its class loader must
 * be garbage-collected.
 */
@Timeout(200)
class ClassLoaderLeakTest {
  /** Every jar the webapp brings, found through one class of each. */
  private static final List<String> WEBAPP_CLASSES =
      List.of(
          "ch.qos.logback.classic.LoggerContext",
          "ch.qos.logback.core.Context",
          "org.slf4j.LoggerFactory",
          "okhttp3.OkHttpClient",
          "okio.Buffer",
          "kotlin.Unit",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "com.fasterxml.jackson.core.JsonFactory",
          "com.fasterxml.jackson.annotation.JsonProperty",
          "com.github.benmanes.caffeine.cache.Caffeine");

  private final ExecutorService containerPool = Executors.newFixedThreadPool(1);

  /**
   * The container's side of the network: the one stand-in, in the test's class loader (with its own
   * OkHttp), never in the webapp's, so only the webapp's OkHttp copy is under test.
   */
  @RegisterExtension final PlainStandInExtension plain = PlainStandInExtension.checkingSchema();

  @BeforeEach
  void startContainer() throws Exception {
    // The container's request thread exists before the webapp and outlives it.
    containerPool.submit(() -> {}).get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    containerPool.shutdownNow();
  }

  private static URL[] webappClassPath() throws Exception {
    return webappClassPath(List.of());
  }

  private static URL[] webappClassPath(List<String> without) throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(Path.of("target/classes").toUri().toURL());
    urls.add(Path.of("target/test-classes").toUri().toURL());
    for (String name : WEBAPP_CLASSES) {
      if (without.contains(name)) {
        continue;
      }
      urls.add(Class.forName(name).getProtectionDomain().getCodeSource().getLocation());
    }
    return urls.toArray(URL[]::new);
  }

  /**
   * Deploys, serves one request on the pooled thread, undeploys; returns the loader, weakly. The
   * deploying thread's context class loader is the webapp's, as in a container, so threads the
   * webapp starts inherit it.
   */
  private WeakReference<ClassLoader> deployServeUndeploy(String appenderBody) throws Exception {
    return deployServeUndeploy(appenderBody, false);
  }

  private WeakReference<ClassLoader> deployServeUndeploy(
      String appenderBody, boolean shortIdleThreads) throws Exception {
    URLClassLoader loader =
        new URLClassLoader("webapp", webappClassPath(), ClassLoader.getPlatformClassLoader());
    if (shortIdleThreads) {
      shortenIdleThreads(loader);
    }
    Class<?> webappClass = loader.loadClass(WebappUnderTest.class.getName());
    assertThat(webappClass).isNotSameAs(WebappUnderTest.class);
    Object webapp =
        withContextLoader(
            loader, () -> webappClass.getConstructor(String.class).newInstance(appenderBody));
    assertThat((Boolean) webappClass.getMethod("started").invoke(webapp)).isTrue();
    webappClass
        .getMethod("serve", ExecutorService.class, String.class)
        .invoke(webapp, containerPool, "jane@example.com");
    var delivered = webappClass.getMethod("delivered");
    await().atMost(Duration.ofSeconds(10)).until(() -> (Long) delivered.invoke(webapp) == 1);
    withContextLoader(loader, () -> webappClass.getMethod("undeploy").invoke(webapp));
    loader.close();
    return new WeakReference<>(loader);
  }

  /** How long the webapp's OkHttp and Okio idle threads live here, instead of their 60 s. */
  private static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofSeconds(1);

  /**
   * OkHttp's shared TaskRunner and Okio's watchdog keep an idle thread for 60 s after the last
   * call. The webapp's own copies of both (in its loader, used by nobody else) are set to end them
   * after {@link #IDLE_THREAD_KEEP_ALIVE} instead, before the webapp starts: the test waits for the
   * same event, sooner. The watchdog's timeout is a static final constant, so it is written with
   * Unsafe; if OkHttp or Okio rename what is set here, this fails saying so.
   */
  private static void shortenIdleThreads(ClassLoader loader) throws Exception {
    Class<?> taskRunner = Class.forName("okhttp3.internal.concurrent.TaskRunner", true, loader);
    Object backend =
        taskRunner.getMethod("getBackend").invoke(taskRunner.getField("INSTANCE").get(null));
    ThreadPoolExecutor executor =
        (ThreadPoolExecutor) backend.getClass().getMethod("getExecutor").invoke(backend);
    executor.setKeepAliveTime(IDLE_THREAD_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);

    Class<?> asyncTimeout = Class.forName("okio.AsyncTimeout", true, loader);
    java.lang.reflect.Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
    for (String name : List.of("IDLE_TIMEOUT_MILLIS", "IDLE_TIMEOUT_NANOS")) {
      java.lang.reflect.Field field = asyncTimeout.getDeclaredField(name);
      long value =
          name.endsWith("MILLIS")
              ? IDLE_THREAD_KEEP_ALIVE.toMillis()
              : IDLE_THREAD_KEEP_ALIVE.toNanos();
      unsafe.putLong(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field), value);
      field.setAccessible(true);
      assertThat(field.getLong(null)).as("okio.AsyncTimeout." + name).isEqualTo(value);
    }
  }

  private interface Step {
    Object run() throws Exception;
  }

  private static Object withContextLoader(ClassLoader loader, Step step) throws Exception {
    Thread me = Thread.currentThread();
    ClassLoader before = me.getContextClassLoader();
    me.setContextClassLoader(loader);
    try {
      return step.run();
    } finally {
      me.setContextClassLoader(before);
    }
  }

  /** Live threads that hold the loader: as their context loader, or through their own class. */
  private static List<String> threadsHolding(ClassLoader loader) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getContextClassLoader() == loader || t.getClass().getClassLoader() == loader)
        .map(Thread::getName)
        .collect(Collectors.toList());
  }

  /**
   * Waits for the loader to be collected; if it is not, writes a heap dump to
   * target/leak-&lt;time&gt;.hprof for a look at what still holds it.
   */
  private static void awaitCollected(WeakReference<ClassLoader> loader, Duration atMost)
      throws Exception {
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> collected(loader));
    } catch (ConditionTimeoutException e) {
      ClassLoader held = loader.get();
      String threads = held == null ? "[]" : threadsHolding(held).toString();
      held = null;
      Path dump = Path.of("target", "leak-" + System.currentTimeMillis() + ".hprof");
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpHeap(dump.toString(), true);
      throw new AssertionError(
          "The webapp's class loader is still reachable after "
              + atMost
              + "; threads holding it: "
              + threads
              + "; heap dump: "
              + dump,
          e);
    }
  }

  private static boolean collected(WeakReference<ClassLoader> ref) {
    System.gc();
    return ref.get() == null;
  }

  @Test
  void withoutHttpTheWebappIsCollectedWithinSecondsOfItsStop() throws Exception {
    WeakReference<ClassLoader> loader =
        deployServeUndeploy("<dryRun>true</dryRun><breadcrumbs>20</breadcrumbs>");
    awaitCollected(loader, Duration.ofSeconds(5));
  }

  @Test
  void afterRealDeliveryOnlyOkHttpsIdleThreadsHoldTheWebappAndOnlyUntilTheyEnd() throws Exception {
    WeakReference<ClassLoader> loader =
        deployServeUndeploy(
            "<apiKey>plainApiKey_test</apiKey><apiUrl>" + plain.url() + "</apiUrl>", true);
    assertThat(plain.standIn().nextCall(5)).isNotNull();
    ClassLoader held = loader.get();
    if (held != null) {
      // OkHttp's shared TaskRunner and Okio's watchdog keep an idle thread for a while after the
      // last call (60 s; IDLE_THREAD_KEEP_ALIVE here); both are OkHttp's global state, shared with
      // every other OkHttp client of the webapp, so the appender cannot end them. Nothing of ours
      // may hold the loader.
      assertThat(threadsHolding(held))
          .as("threads holding the webapp's loader after its stop()")
          .allMatch(name -> name.startsWith("OkHttp") || name.startsWith("Okio Watchdog"));
    }
    held = null;
    // Far below the real 60 s: a shortening that did not take fails here instead of passing slowly.
    awaitCollected(loader, Duration.ofSeconds(30));
  }

  /**
   * A webapp whose class path lacks kotlin-stdlib (as when another dependency's version wins and
   * breaks OkHttp): the appender does not start and says why, and nothing escapes the
   * configuration.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aBrokenDependencyIsAStartUpErrorNamingTheCauseNotAnExceptionEscapingJoran()
      throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            "webapp-without-kotlin",
            webappClassPath(List.of("kotlin.Unit")),
            ClassLoader.getPlatformClassLoader())) {
      Class<?> webappClass = loader.loadClass(WebappUnderTest.class.getName());
      Object webapp =
          webappClass
              .getConstructor(String.class)
              .newInstance("<apiKey>plainApiKey_test</apiKey><apiUrl>" + plain.url() + "</apiUrl>");
      assertThat((Boolean) webappClass.getMethod("started").invoke(webapp)).isFalse();
      List<String> statuses = (List<String>) webappClass.getMethod("statuses").invoke(webapp);
      assertThat(statuses)
          .anyMatch(
              m ->
                  m.contains("Appender [PLAIN] did not start: could not build its engine")
                      && m.contains("NoClassDefFoundError")
                      && m.contains("kotlin"));
      webappClass.getMethod("undeploy").invoke(webapp);
    }
  }
}
