package io.github.plainlogback.spring.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.spi.ConfigurationEventListener;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.WarnStatus;
import io.github.plainlogback.PlainAppenderCounters;
import io.github.plainlogback.PlainThreadAppender;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;

/**
 * Keeps exactly one {@link PlainThreadAppender} on the root logger for the life of the application
 * context: attached when the bean is created (before the web server accepts requests), attached
 * again after every Logback re-initialisation, and left out when the Logback configuration (for
 * example {@code logback-spring.xml}) already declares one.
 *
 * <p>Logback drops every appender when it is re-initialised: Boot's logging system does it at
 * start-up and when Spring Cloud rebinds {@code logging.config}, Logback itself when {@code scan}
 * finds a changed file. Three hooks bring the appender back, all idempotent: Logback's
 * configuration-ended event (every XML configuration), a reset-resistant context listener's {@code
 * onStart} (Boot's programmatic defaults, which fire no configuration event), and Spring events
 * (context refresh, application started, Spring Cloud's environment change and refresh).
 */
public class PlainLogbackAttacher
    implements InitializingBean, DisposableBean, SmartApplicationListener {
  static final String APPENDER_NAME = "PLAIN_SPRING_BOOT";

  private static final Log LOG = LogFactory.getLog(PlainLogbackAttacher.class);

  /** Spring Cloud's events, named so the starter does not need Spring Cloud on its classpath. */
  private static final List<String> REINIT_EVENTS =
      List.of(
          "org.springframework.cloud.context.environment.EnvironmentChangeEvent",
          "org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent");

  private static final PlainThreadAppender NONE = new PlainThreadAppender();

  private final PlainLogbackProperties properties;
  private final Hooks hooks = new Hooks();
  private @Nullable LoggerContext context;
  private @Nullable PlainThreadAppender appender;
  private boolean refused;
  private boolean closed;
  private boolean saidDeferred;

  public PlainLogbackAttacher(PlainLogbackProperties properties) {
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext loggerContext)) {
      LOG.warn(
          "plain.logback: SLF4J is bound to "
              + factory.getClass().getName()
              + ", not Logback: the Plain appender is not attached.");
      return;
    }
    context = loggerContext;
    if (!isActive(properties)) {
      // Off: no appender of ours. One the configuration declares is still served (metrics, health).
      Optional<PlainThreadAppender> declared = findOther(context);
      LOG.info(
          declared.isPresent()
              ? "plain.logback: no api-key and dry-run is off; the Logback configuration declares"
                  + " the PlainThreadAppender ["
                  + declared.get().getName()
                  + "], which reports as configured there."
              : "plain.logback: no api-key and dry-run is off: errors are not sent to Plain. Set"
                  + " plain.logback.api-key (e.g. PLAIN_LOGBACK_API_KEY in the environment) or"
                  + " plain.logback.dry-run=true.");
      return;
    }
    appender = AppenderSettings.newAppender(properties);
    appender.setName(APPENDER_NAME);
    context.addConfigurationEventListener(hooks);
    ensureAttached(true);
  }

  /**
   * Attaches the appender unless it is already there, the configuration declares another one, it
   * refused its settings or the context is closed. Safe to call any number of times.
   */
  public synchronized void ensureAttached() {
    ensureAttached(false);
  }

  private synchronized void ensureAttached(boolean atStartup) {
    if (context == null || appender == null || closed || refused) {
      return;
    }
    listenToContext(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Optional<PlainThreadAppender> other = findOther(context);
    if (other.isPresent()) {
      if (root.isAttached(appender)) {
        root.detachAppender(appender); // the configuration's own wins: never two
      }
      if (appender.isStarted()) {
        appender.stop();
      }
      if (!saidDeferred) {
        saidDeferred = true;
        String message =
            "plain.logback: the Logback configuration already declares a PlainThreadAppender ["
                + other.get().getName()
                + "] (logback-spring.xml, or another application context): the starter adds none"
                + " and its plain.logback.* appender settings are not used.";
        if (atStartup) {
          LOG.info(message);
        } else {
          context.getStatusManager().add(new InfoStatus(message, this));
        }
      }
      return;
    }
    if (!appender.isStarted()) {
      appender.setContext(context);
      int before = context.getStatusManager().getCount();
      appender.start();
      if (!appender.isStarted()) {
        refused = true;
        String errors =
            context.getStatusManager().getCopyOfStatusList().stream()
                .skip(before)
                .filter(s -> s.getLevel() == Status.ERROR && s.getOrigin() == appender)
                .map(Status::getMessage)
                .collect(Collectors.joining(" "));
        String message =
            "plain.logback: the Plain appender refused its settings (XML element names map to"
                + " plain.logback.* properties in kebab case) and is not attached: "
                + errors;
        if (atStartup) {
          LOG.warn(message);
        } else {
          context.getStatusManager().add(new WarnStatus(message, this));
        }
        return;
      }
    }
    if (!root.isAttached(appender)) {
      root.addAppender(appender);
    }
  }

  /** The appender that reports now: the starter's, or the one the configuration declares. */
  public Optional<PlainThreadAppender> currentAppender() {
    if (context == null) {
      return Optional.empty();
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (appender != null && root.isAttached(appender) && appender.isStarted()) {
      return Optional.of(appender);
    }
    return findOther(context);
  }

  /** The counters of {@link #currentAppender()}, or all zero when there is none. */
  public PlainAppenderCounters counters() {
    // A never-started appender's counters are all zero; built through the public API only.
    return currentAppender().orElse(NONE).getCounters();
  }

  /** The starter's own appender (attached or not); null when Logback is not the SLF4J binding. */
  @Nullable PlainThreadAppender ownAppender() {
    return appender;
  }

  private Optional<PlainThreadAppender> findOther(LoggerContext context) {
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> a = it.next();
        if (a instanceof PlainThreadAppender plain && a != appender) {
          return Optional.of(plain);
        }
      }
    }
    return Optional.empty();
  }

  /** (Re-)registers the context listener: LoggerContext.stop() removes every listener. */
  private void listenToContext(LoggerContext context) {
    if (!context.getCopyOfListenerList().contains(hooks)) {
      context.addListener(hooks);
    }
  }

  /** A key (not Logback's unresolved-variable marker), dry run, or a local inbox. */
  static boolean isActive(PlainLogbackProperties p) {
    String key = p.getApiKey();
    return p.isDryRun()
        || (p.getInboxUrl() != null && !p.getInboxUrl().isBlank())
        || (key != null && !key.isBlank() && !key.strip().endsWith("_IS_UNDEFINED"));
  }

  @Override
  public synchronized void destroy() {
    closed = true;
    if (context == null || appender == null) {
      return;
    }
    context.removeConfigurationEventListener(hooks);
    context.removeListener(hooks);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.isAttached(appender)) {
      root.detachAppender(appender);
    }
    appender.stop(); // delivers what is queued, within shutdown-timeout
  }

  // ---------------------------------------------------------------- Spring events

  @Override
  public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
    return ContextRefreshedEvent.class.isAssignableFrom(eventType)
        || ApplicationStartedEvent.class.isAssignableFrom(eventType)
        || REINIT_EVENTS.contains(eventType.getName());
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    ensureAttached();
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE; // after Spring Cloud's LoggingRebinder has re-initialised
  }

  // ---------------------------------------------------------------- Logback hooks

  /**
   * Logback's side. {@code LoggerContext.stop()} (Boot stops before it re-initialises) removes
   * every context listener, reset-resistant or not; {@link #onStop} therefore registers a
   * life-cycle component, which the reset that follows stops, and that call puts the listener back
   * in time for the {@code start()} that ends the re-initialisation.
   */
  private final class Hooks implements LoggerContextListener, ConfigurationEventListener {
    private final LifeCycle rearm =
        new LifeCycle() {
          @Override
          public void start() {}

          @Override
          public void stop() {
            synchronized (PlainLogbackAttacher.this) {
              if (!closed && context != null) {
                listenToContext(context);
              }
            }
          }

          @Override
          public boolean isStarted() {
            return true;
          }
        };

    @Override
    public boolean isResetResistant() {
      return true;
    }

    @Override
    public void onStart(LoggerContext loggerContext) {
      ensureAttached();
    }

    @Override
    public void onReset(LoggerContext loggerContext) {}

    @Override
    public void onStop(LoggerContext loggerContext) {
      loggerContext.register(rearm);
    }

    @Override
    public void onLevelChange(Logger logger, Level level) {}

    @Override
    public void listen(ConfigurationEvent event) {
      if (event.getEventType() == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY) {
        ensureAttached();
      }
    }
  }
}
