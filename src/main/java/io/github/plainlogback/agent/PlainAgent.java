package io.github.plainlogback.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -javaagent:plain-logback-appender-<version>-all.jar[=name=value,...] -jar app.jar}:
 * weaves four calls into Logback (see {@link LogbackWeaver}) that keep one PlainThreadAppender on
 * the root logger of every LoggerContext, and a handler into the servlet containers' filter chains
 * (see {@link FilterChainWeaver}) that reports the exceptions a request leaves unhandled. Nothing
 * here may stop the application: every failure is reported once on stderr and the application runs
 * on.
 */
public final class PlainAgent {
  private static final String LOGBACK = "ch/qos/logback/classic/LoggerContext.class";
  private static volatile boolean installed;

  private PlainAgent() {}

  public static void premain(@Nullable String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  /** Attaching to a running JVM: the classes already loaded are retransformed. */
  public static void agentmain(@Nullable String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  private static synchronized void start(
      @Nullable String agentArgs, Instrumentation instrumentation) {
    if (installed) {
      AgentHooks.sayOnce("twice", "loaded twice; the second one does nothing");
      return;
    }
    try {
      AgentSettings settings =
          AgentSettings.parse(agentArgs, System.getenv(), System.getProperties());
      settings.problems().forEach(AgentHooks::say);
      AgentHooks.configure(settings);
      if (!logbackMayBeUsed()) {
        AgentHooks.say(
            "Logback (logback-classic) is not on the class path; the agent stays out of the way");
        return;
      }
      install(instrumentation);
      installed = true;
      Runtime.getRuntime().addShutdownHook(new Thread(AgentHooks::stopAll, "plain-agent-shutdown"));
    } catch (Throwable t) {
      AgentHooks.failedOnce("install the agent", t);
    }
  }

  /**
   * Whether the application can use Logback: on the class path, inside a Spring Boot fat jar
   * ({@code BOOT-INF/lib}, {@code WEB-INF/lib}), or when the JVM is a container whose web
   * applications bring their own (then the agent cannot know beforehand and installs anyway).
   */
  static boolean logbackMayBeUsed() {
    if (ClassLoader.getSystemClassLoader().getResource(LOGBACK) != null) {
      return true;
    }
    String classPath = System.getProperty("java.class.path", "");
    String[] entries = classPath.split(java.io.File.pathSeparator);
    if (entries.length == 1 && entries[0].endsWith(".jar")) {
      Path jar = Path.of(entries[0]);
      if (Files.isRegularFile(jar)) {
        try (JarFile file = new JarFile(jar.toFile())) {
          if (file.getManifest() == null
              || file.getManifest().getMainAttributes().getValue("Start-Class") == null) {
            return false; // an ordinary executable jar: its class path is the whole truth
          }
          return file.stream()
              .anyMatch(
                  e ->
                      e.getName().startsWith("BOOT-INF/lib/logback-classic")
                          || e.getName().startsWith("WEB-INF/lib/logback-classic"));
        } catch (IOException e) {
          return true;
        }
      }
    }
    // A servlet container (its web applications load Logback themselves) or an unusual launcher.
    return System.getProperty("jetty.home") != null || System.getProperty("catalina.home") != null;
  }

  private static void install(Instrumentation instrumentation) throws Exception {
    instrumentation.addTransformer(new LogbackWeaver(), true);
    instrumentation.addTransformer(new FilterChainWeaver(), true);
    // Attached to a running JVM (or Logback loaded before the agent): weave the loaded classes too.
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      String name = loaded.getName().replace('.', '/');
      if ((name.equals(LogbackWeaver.LOGGER)
              || name.equals(LogbackWeaver.CONTEXT)
              || FilterChainWeaver.CHAINS.contains(name))
          && instrumentation.isModifiableClass(loaded)) {
        instrumentation.retransformClasses(loaded);
      }
    }
  }
}
