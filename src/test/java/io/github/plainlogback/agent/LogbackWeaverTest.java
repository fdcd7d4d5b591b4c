package io.github.plainlogback.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The woven Logback in a class loader of its own, as a Spring Boot fat jar or a web application has
 * it: the weaving, the hooks, and the agent's classes loaded again next to that Logback. (The same
 * with {@code -javaagent} in real JVMs is in agent-it.)
 */
@Timeout(30)
class LogbackWeaverTest {
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void setUp() {
    AgentHooks.forget();
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    AgentHooks.configure(
        AgentSettings.parse("dryRun=true,maxThreadsPerMinute=7", Map.of(), new Properties()));
  }

  @AfterEach
  void tearDown() {
    System.setErr(originalErr);
    AgentHooks.configure(AgentSettings.parse(null, Map.of(), new Properties()));
    AgentHooks.forget();
  }

  /** logback-classic and logback-core loaded child-first, Logger and LoggerContext woven. */
  private static final class WovenLogback extends URLClassLoader {
    WovenLogback() {
      super(
          new URL[] {
            LoggerContext.class.getProtectionDomain().getCodeSource().getLocation(),
            ch.qos.logback.core.Context.class.getProtectionDomain().getCodeSource().getLocation()
          },
          LogbackWeaverTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("ch.qos.logback.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          String path = name.replace('.', '/');
          byte[] bytes;
          try (InputStream in = getResourceAsStream(path + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            bytes = in.readAllBytes();
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
          if (path.equals(LogbackWeaver.LOGGER) || path.equals(LogbackWeaver.CONTEXT)) {
            bytes = LogbackWeaver.weave(path, bytes);
          }
          c = defineClass(name, bytes, 0, bytes.length);
        }
        return c;
      }
    }
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(target, args);
      }
    }
    throw new NoSuchMethodException(method);
  }

  @Test
  void theFirstEventAttachesTheAppenderBuiltAgainstThatLogbackAndAResetBringsItBack()
      throws Exception {
    try (WovenLogback loader = new WovenLogback()) {
      Object context =
          loader.loadClass("ch.qos.logback.classic.LoggerContext").getConstructor().newInstance();
      assertThat(context.getClass()).isNotSameAs(LoggerContext.class);
      call(
          context,
          "setMDCAdapter",
          loader
              .loadClass("ch.qos.logback.classic.util.LogbackMDCAdapter")
              .getConstructor()
              .newInstance());
      Object logger = call(context, "getLogger", "shop.Checkout");
      Object root = call(context, "getLogger", "ROOT");

      call(logger, "info", "hello");

      Object appender = call(root, "getAppender", AgentHooks.APPENDER_NAME);
      assertThat(appender).isNotNull();
      assertThat(appender.getClass().getName()).isEqualTo(AgentHooks.APPENDER_CLASS);
      assertThat(appender.getClass().getClassLoader())
          .as("the agent's copy, loaded next to this Logback")
          .isInstanceOf(AgentJarLoader.class);
      assertThat(call(appender, "isStarted")).isEqualTo(true);
      assertThat(call(appender, "getMaxThreadsPerMinute")).isEqualTo(7);

      call(context, "reset");
      assertThat(call(appender, "isStarted")).isEqualTo(false);
      assertThat(call(root, "getAppender", AgentHooks.APPENDER_NAME)).isNull();

      call(logger, "info", "again");
      Object second = call(root, "getAppender", AgentHooks.APPENDER_NAME);
      assertThat(second).isNotNull().isNotSameAs(appender);
      assertThat(second.getClass()).as("one copy per Logback").isSameAs(appender.getClass());

      call(context, "stop");
      call(logger, "info", "after stop");
      assertThat(call(root, "getAppender", AgentHooks.APPENDER_NAME))
          .as("a stopped context gets nothing")
          .isNull();
      assertThat(stderr.toString(StandardCharsets.UTF_8))
          .containsOnlyOnce("attached PlainThreadAppender 'PLAIN_AGENT'");
    }
  }

  @Test
  void aPlainThreadAppenderTheConfigurationAddsReplacesTheAgentsOne() throws Exception {
    try (WovenLogback loader = new WovenLogback()) {
      Object context =
          loader.loadClass("ch.qos.logback.classic.LoggerContext").getConstructor().newInstance();
      call(
          context,
          "setMDCAdapter",
          loader
              .loadClass("ch.qos.logback.classic.util.LogbackMDCAdapter")
              .getConstructor()
              .newInstance());
      Object logger = call(context, "getLogger", "shop.Checkout");
      Object root = call(context, "getLogger", "ROOT");
      call(logger, "info", "hello");
      Object ours = call(root, "getAppender", AgentHooks.APPENDER_NAME);

      Object theirs = ours.getClass().getConstructor().newInstance();
      call(theirs, "setContext", context);
      call(theirs, "setName", "PLAIN");
      call(theirs, "setDryRun", true);
      call(theirs, "start");
      call(logger, "addAppender", theirs);
      call(logger, "info", "next");

      assertThat(call(root, "getAppender", AgentHooks.APPENDER_NAME)).isNull();
      assertThat(call(ours, "isStarted")).isEqualTo(false);
      assertThat(stderr.toString(StandardCharsets.UTF_8))
          .contains("already holds a PlainThreadAppender ('PLAIN'); the agent adds none");
    }
  }

  @Test
  void aClassWithoutTheExpectedMethodsIsLeftAsItIs() throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("LogbackWeaverTest.class")) {
      bytes = in.readAllBytes();
    }
    assertThat(LogbackWeaver.weave(LogbackWeaver.LOGGER, bytes)).isNull();
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("has none of the expected methods");
  }
}
