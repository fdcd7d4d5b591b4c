package io.github.plainlogback.agent;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import net.bytebuddy.asm.Advice;

/**
 * The code Byte Buddy copies into Logback's classes. It is never loaded as a class of its own (read
 * through a type pool), so it links only inside Logback, against the application's Logback; it
 * calls {@link AgentHooks}, which every application class loader reaches through the system loader.
 *
 * <p>Why instrumentation and not a LoggerContextListener: Spring Boot's {@code
 * LogbackLoggingSystem} stops and resets the context at start-up and on refresh and its {@code
 * stop()}/clean-up removes every listener, reset-resistant ones included, so a listener is gone
 * after the first refresh. Code inside {@code Logger.callAppenders} cannot be removed by any
 * configuration: the first event after any (re)configuration, whoever ran it (Spring Boot, {@code
 * scan="true"}, a programmatic {@code JoranConfigurator}, {@code BasicConfigurator}), finds the
 * context out of order and puts the appender back. The cost on the logging path is one volatile
 * read and a compare.
 */
final class LogbackAdvice {
  private LogbackAdvice() {}

  /** {@code Logger.callAppenders(ILoggingEvent)}, on entry: attach before the event is appended. */
  static final class CallAppenders {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("loggerContext") Object context) {
      if (context != AgentHooks.lastChecked) {
        AgentHooks.check(context);
      }
    }
  }

  /**
   * {@code Logger.addAppender(Appender)}, on exit: a configuration that adds its own
   * PlainThreadAppender, even after the agent attached its one, gets the agent's removed.
   */
  static final class AddAppender {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.FieldValue("loggerContext") LoggerContext context,
        @Advice.Argument(0) Appender<?> appender) {
      if (appender != null
          && !AgentHooks.APPENDER_NAME.equals(appender.getName())
          && AgentHooks.isPlainAppender(appender)) {
        context.removeObject(AgentHooks.KEY);
        AgentHooks.lastChecked = null;
      }
    }
  }

  /** {@code LoggerContext.reset()}, on exit: the next event re-checks this context. */
  static final class Reset {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This LoggerContext context) {
      context.removeObject(AgentHooks.KEY);
      AgentHooks.epoch++;
      AgentHooks.lastChecked = null;
    }
  }

  /**
   * {@code LoggerContext.stop()}, on exit: a stopped context (the JVM or Spring Boot shutting down)
   * gets nothing attached until it is reset again.
   */
  static final class Stop {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This LoggerContext context) {
      context.putObject(AgentHooks.KEY, "stopped");
    }
  }
}
