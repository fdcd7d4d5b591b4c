package io.github.plainlogback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A webapp as a servlet container sees it, loaded by {@link ClassLoaderLeakTest} through a class
 * loader of its own: its Logback, its appender, its dependencies. Only JDK types cross the
 * boundary.
 */
public final class WebappUnderTest {
  private final LoggerContext context = new LoggerContext();

  /** Deploys: configures Logback from XML, as a webapp's logback.xml would. */
  public WebappUnderTest(String appenderBody) throws Exception {
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(
        new ByteArrayInputStream(
            LoggingFixture.config(appenderBody).getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether the appender started (a deployment error otherwise). */
  public boolean started() {
    PlainThreadAppender appender =
        (PlainThreadAppender) context.getLogger("ROOT").getAppender("PLAIN");
    return appender != null && appender.isStarted();
  }

  /** Every status message of the webapp's Logback so far. */
  public java.util.List<String> statuses() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .map(st -> st.getMessage() + (st.getThrowable() == null ? "" : " / " + st.getThrowable()))
        .toList();
  }

  /** Serves one request on the container's pooled thread, signed in as {@code email}. */
  public void serve(ExecutorService pool, String email) throws Exception {
    pool.submit(
            () -> {
              context.getMDCAdapter().put("customerEmail", email);
              try {
                context.getLogger("shop.Cart").info("added item 7");
                context
                    .getLogger("shop.Checkout")
                    .error("checkout failed", new IllegalStateException("payment declined"));
              } finally {
                context.getMDCAdapter().remove("customerEmail");
              }
              context.getLogger("shop.Health").info("a line outside any request");
            })
        .get(10, TimeUnit.SECONDS);
  }

  /** Delivered so far. */
  public long delivered() {
    return ((PlainThreadAppender) context.getLogger("ROOT").getAppender("PLAIN"))
        .getCounters()
        .delivered();
  }

  /** Undeploys: the container stops the webapp's Logback. */
  public void undeploy() {
    context.stop();
  }
}
