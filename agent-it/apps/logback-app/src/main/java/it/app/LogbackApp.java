package it.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import java.io.File;
import java.util.Iterator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An application that knows nothing of Plain: it uses its own OkHttp 4, logs an ERROR for a
 * signed-in customer, and (with {@code reconfigure}) re-runs its Logback configuration as a
 * programmatic JoranConfigurator would. It prints what the tests check on stdout.
 */
public final class LogbackApp {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LogbackApp.class);

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "error";
    if (scenario.equals("info")) {
      LOG.info("started"); // benchmarks/startup.sh: start-up, first event, exit
      return;
    }
    if (scenario.equals("wait")) {
      // For loading the agent into this running JVM: Logback is configured and in use before it
      // comes.
      LOG.info("ready");
      System.out.println("ready " + ProcessHandle.current().pid());
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
    }
    if (args.length > 1) {
      // The application's own OkHttp 4 (and Kotlin 1.9) must keep working beside the appender's.
      try (Response r =
          new OkHttpClient().newCall(new Request.Builder().url(args[1]).build()).execute()) {
        System.out.println("okhttp " + okhttp3.OkHttp.VERSION + " status " + r.code());
      }
    }
    MDC.put("customerEmail", "jane@example.com");
    checkout();
    System.out.println("plain-appenders " + plainAppenders());
    if (scenario.equals("scan")) {
      // The configuration file has scan="true": change it and wait for Logback to reload it.
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      java.util.concurrent.CountDownLatch reloaded = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean changeSeen =
          new java.util.concurrent.atomic.AtomicBoolean();
      context.addConfigurationEventListener(
          e -> {
            String type = e.getEventType().name();
            if (type.equals("CHANGE_DETECTED")) {
              changeSeen.set(true);
            } else if (changeSeen.get() && type.equals("CONFIGURATION_ENDED_SUCCESSFULLY")) {
              reloaded.countDown();
            }
          });
      java.nio.file.Path file =
          java.nio.file.Path.of(System.getProperty("logback.configurationFile"));
      java.nio.file.Files.writeString(
          file, java.nio.file.Files.readString(file) + "\n<!-- changed -->\n");
      file.toFile().setLastModified(System.currentTimeMillis() + 10_000);
      if (!reloaded.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("Logback did not reload the changed configuration");
      }
      System.out.println("reloaded");
      refund();
      System.out.println("plain-appenders " + plainAppenders());
    }
    if (scenario.equals("reconfigure")) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      File file = new File(System.getProperty("logback.configurationFile"));
      context.reset();
      configure(context, file);
      refund();
      System.out.println("plain-appenders " + plainAppenders());
      configure(context, file); // again, without a reset: adds its appenders once more
      ship();
      System.out.println("plain-appenders " + plainAppenders());
    }
    System.out.println("done");
  }

  private static void configure(LoggerContext context, File file) throws Exception {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(file);
  }

  private static void checkout() {
    LOG.error("Checkout failed", new IllegalStateException("declined"));
  }

  private static void refund() {
    LOG.error("Refund failed", new IllegalArgumentException("no such order"));
  }

  private static void ship() {
    LOG.error("Shipping failed", new UnsupportedOperationException("no carrier"));
  }

  /** PlainThreadAppenders on the root logger, whichever copy (compared by class name). */
  static int plainAppenders() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    int n = 0;
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it =
            root.iteratorForAppenders();
        it.hasNext(); ) {
      if (it.next().getClass().getName().equals("io.github.plainlogback.PlainThreadAppender")) {
        n++;
      }
    }
    return n;
  }
}
