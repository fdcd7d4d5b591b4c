package io.github.plainlogback.agent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.util.PropertySetter;
import ch.qos.logback.core.joran.util.beans.BeanDescriptionCache;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.AggregationType;
import io.github.plainlogback.PlainThreadAppender;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Makes sure a LoggerContext holds exactly one PlainThreadAppender: the application's own, or the
 * agent's on the root logger. Loaded next to the application's Logback (see {@link AgentHooks});
 * its {@link #accept} runs on the logging path only when the context is not known to be in order.
 */
public final class RootAttacher implements Consumer<Object> {
  private static final String ATTACHED = "attached";
  private static final String FOREIGN = "foreign";
  private static final String REFUSED = "refused";

  private final Map<String, String> settings;
  private final Map<String, String> origins;
  private final @Nullable String apiKey;

  public RootAttacher(
      Map<String, String> settings, Map<String, String> origins, @Nullable String apiKey) {
    this.settings = settings;
    this.origins = origins;
    this.apiKey = apiKey;
  }

  @Override
  public void accept(Object context) {
    LoggerContext ctx = (LoggerContext) context;
    Object mark = ctx.getObject(AgentHooks.KEY);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    if (mark != null && !String.valueOf(mark).startsWith(ATTACHED)) {
      return; // stopped, refused to start, or the application's own appender (until a reset)
    }
    if (AgentHooks.attachedMark().equals(mark)
        && root.getAppender(AgentHooks.APPENDER_NAME) != null) {
      return; // ours in place, and no PlainThreadAppender added since
    }
    synchronized (this) {
      Appender<ILoggingEvent> ours = root.getAppender(AgentHooks.APPENDER_NAME);
      Appender<?> theirs = applicationAppender(ctx);
      if (theirs != null) {
        if (ours != null) {
          root.detachAppender(ours);
          ours.stop();
        }
        ctx.putObject(AgentHooks.KEY, FOREIGN);
        AgentHooks.foundApplicationAppender(theirs);
        String message =
            "the Logback configuration already holds a PlainThreadAppender ('"
                + theirs.getName()
                + "'); the agent adds none";
        AgentHooks.sayOnce(FOREIGN, message);
        ctx.getStatusManager().add(new InfoStatus(message, this));
        return;
      }
      if (ours == null) {
        ours = newAppender(ctx);
        if (ours == null) {
          ctx.putObject(AgentHooks.KEY, REFUSED);
          return;
        }
        root.addAppender(ours);
        AgentHooks.attached(ours);
        String message =
            "attached PlainThreadAppender '"
                + AgentHooks.APPENDER_NAME
                + "' to the root logger of Logback context '"
                + (ctx.getName() == null ? "default" : ctx.getName())
                + "'";
        if (!AgentHooks.sayOnce(ATTACHED, message)) {
          ctx.getStatusManager().add(new InfoStatus("re-" + message, this));
        }
      }
      ctx.putObject(AgentHooks.KEY, AgentHooks.attachedMark());
    }
  }

  /** A PlainThreadAppender the configuration holds, on any logger or inside an AsyncAppender. */
  private static @Nullable Appender<?> applicationAppender(LoggerContext ctx) {
    for (Logger logger : ctx.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (isTheirs(appender)) {
          return appender;
        }
        if (appender instanceof AppenderAttachable<?> wrapper) {
          for (Iterator<? extends Appender<?>> inner = wrapper.iteratorForAppenders();
              inner.hasNext(); ) {
            Appender<?> nested = inner.next();
            if (isTheirs(nested)) {
              return nested;
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean isTheirs(Appender<?> appender) {
    return AgentHooks.isPlainAppender(appender)
        && !AgentHooks.APPENDER_NAME.equals(appender.getName());
  }

  private @Nullable PlainThreadAppender newAppender(LoggerContext ctx) {
    int before = ctx.getStatusManager().getCount();
    PlainThreadAppender appender = new PlainThreadAppender();
    appender.setContext(ctx);
    appender.setName(AgentHooks.APPENDER_NAME);
    if (apiKey != null) {
      appender.setApiKey(apiKey);
    }
    apply(appender, ctx);
    appender.start();
    List<Status> statuses = ctx.getStatusManager().getCopyOfStatusList();
    StringBuilder problems = new StringBuilder();
    for (Status status : statuses.subList(Math.min(before, statuses.size()), statuses.size())) {
      if (status.getLevel() >= Status.WARN) {
        problems.append(System.lineSeparator()).append("  ").append(status.getMessage());
      }
    }
    if (!appender.isStarted()) {
      AgentHooks.sayOnce(
          REFUSED, "the PlainThreadAppender refused to start; nothing is attached:" + problems);
      return null;
    }
    if (problems.length() > 0) {
      AgentHooks.sayOnce("warnings", "the PlainThreadAppender started with warnings:" + problems);
    }
    return appender;
  }

  /**
   * Applies the settings with Logback's own PropertySetter, the code that applies XML elements, so
   * every setter and adder of the appender works under its element name with the same conversions
   * (durations, sizes, numbers) and the same warnings for a value it cannot convert.
   */
  private void apply(PlainThreadAppender appender, LoggerContext ctx) {
    PropertySetter setter = new PropertySetter(new BeanDescriptionCache(ctx), appender);
    setter.setContext(ctx);
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      String name = setting.getKey();
      String value = setting.getValue();
      String element = name;
      AggregationType type = AgentSettings.RESERVED.contains(name) ? null : typeOf(setter, name);
      if (type == AggregationType.NOT_FOUND && name.endsWith("s")) {
        element = name.substring(0, name.length() - 1); // labelTypeIds -> labelTypeId
        AggregationType singular = typeOf(setter, element);
        type = singular == AggregationType.AS_BASIC_PROPERTY_COLLECTION ? singular : type;
      }
      String from = origins.getOrDefault(name, "agent setting");
      if (type == AggregationType.AS_BASIC_PROPERTY) {
        setter.setProperty(element, value);
      } else if (type == AggregationType.AS_BASIC_PROPERTY_COLLECTION) {
        if (element.equals("redact")) {
          setter.addBasicProperty(element, value); // a regex may hold commas: one per setting
        } else {
          for (String part : value.split(",")) {
            if (!part.isBlank()) {
              setter.addBasicProperty(element, part.trim());
            }
          }
        }
      } else if (type == AggregationType.AS_COMPLEX_PROPERTY
          || type == AggregationType.AS_COMPLEX_PROPERTY_COLLECTION) {
        AgentHooks.sayOnce(
            "complex:" + name,
            "setting '" + name + "' (" + from + ") needs nested XML elements; ignored");
      } else if (!from.startsWith("environment")) {
        // Unknown PLAIN_* variables stay silent: the environment is shared with the application.
        AgentHooks.sayOnce(
            "unknown:" + name,
            "unknown setting '"
                + name
                + "' ("
                + from
                + "); ignored. The settings are the appender's XML elements, see docs/agent.md");
      }
    }
  }

  private static AggregationType typeOf(PropertySetter setter, String name) {
    return setter.computeAggregationType(name);
  }
}
