package io.github.plainlogback.agent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * {@code java -javaagent:plain-logback-appender-<version>-all.jar[=name=value,...] -jar app.jar}:
 * weaves a few lines into Logback (see {@link LogbackAdvice}) that keep one PlainThreadAppender on
 * the root logger of every LoggerContext. Nothing here may stop the application: every failure is
 * reported once on stderr and the application runs on.
 */
public final class PlainAgent {
  private static final String LOGBACK = "ch/qos/logback/classic/LoggerContext.class";
  private static volatile boolean installed;

  private PlainAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  /** Attaching to a running JVM: the classes already loaded are retransformed. */
  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  private static synchronized void start(String agentArgs, Instrumentation instrumentation) {
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
      AgentHooks.failedOnce("install", t);
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

  private static void install(Instrumentation instrumentation) {
    ClassFileLocator locator =
        ClassFileLocator.ForClassLoader.of(PlainAgent.class.getClassLoader());
    TypePool pool = TypePool.Default.of(locator);
    Advice callAppenders = advice(pool, locator, LogbackAdvice.CallAppenders.class);
    Advice addAppender = advice(pool, locator, LogbackAdvice.AddAppender.class);
    Advice reset = advice(pool, locator, LogbackAdvice.Reset.class);
    Advice stop = advice(pool, locator, LogbackAdvice.Stop.class);
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(new ReportErrors())
        .ignore(not(nameStartsWith("ch.qos.logback.classic.")))
        .type(named("ch.qos.logback.classic.Logger"), seesAgentHooks())
        .transform(
            (builder, type, loader, module, domain) ->
                builder
                    .visit(
                        callAppenders.on(
                            named("callAppenders").and(takesArguments(1)).and(isPublic())))
                    .visit(
                        addAppender.on(
                            named("addAppender").and(takesArguments(1)).and(isPublic()))))
        .type(named("ch.qos.logback.classic.LoggerContext"), seesAgentHooks())
        .transform(
            (builder, type, loader, module, domain) ->
                builder
                    .visit(reset.on(named("reset").and(takesArguments(0))))
                    .visit(stop.on(named("stop").and(takesArguments(0)))))
        .installOn(instrumentation);
  }

  private static Advice advice(TypePool pool, ClassFileLocator locator, Class<?> adviceClass) {
    TypeDescription type = pool.describe(adviceClass.getName()).resolve();
    return Advice.to(type, locator);
  }

  /**
   * Only a Logback whose class loader reaches this agent's {@link AgentHooks} is woven: in a loader
   * that cannot (an isolated plugin loader), the advice would fail on every logging call.
   */
  private static ElementMatcher<ClassLoader> seesAgentHooks() {
    return loader -> {
      try {
        return Class.forName(AgentHooks.class.getName(), false, loader) == AgentHooks.class;
      } catch (Throwable t) {
        AgentHooks.sayOnce(
            "isolated",
            "a Logback in class loader " + loader + " cannot reach the agent; it is left alone");
        return false;
      }
    };
  }

  /** Byte Buddy's failures (a Logback too different to weave) are reported once, not thrown. */
  private static final class ReportErrors extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable throwable) {
      AgentHooks.sayOnce(
          "weave:" + typeName,
          "could not instrument " + typeName + " (" + throwable + "); nothing is attached there");
    }

    @Override
    public void onTransformation(
        TypeDescription typeDescription,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      // transformed as planned
    }
  }
}
