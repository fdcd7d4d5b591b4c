package io.github.plainlogback;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * An appender's counters over JMX, registered while it is started as {@code
 * io.github.plainlogback:type=PlainThreadAppender,context=<context>,name=<appender>}.
 */
final class AppenderMBean implements PlainAppenderMXBean {
  private final Supplier<PlainAppenderCounters> counters;
  private ObjectName registeredAs;

  private AppenderMBean(Supplier<PlainAppenderCounters> counters) {
    this.counters = counters;
  }

  /**
   * Registers the counters; returns null (after a warning) where JMX is not available. Two webapps
   * may each have an appender of this name in a context named "default": the second gets an {@code
   * instance=N} key of its own, and neither ever unregisters the other's.
   */
  static AppenderMBean register(
      String contextName,
      String appenderName,
      Supplier<PlainAppenderCounters> counters,
      java.util.function.Consumer<String> warn) {
    AppenderMBean bean = new AppenderMBean(counters);
    try {
      String base =
          "io.github.plainlogback:type=PlainThreadAppender,context="
              + ObjectName.quote(contextName == null ? "default" : contextName)
              + ",name="
              + ObjectName.quote(String.valueOf(appenderName));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName objectName = new ObjectName(base);
      for (int n = 2; ; n++) {
        try {
          server.registerMBean(bean, objectName);
          bean.registeredAs = objectName;
          return bean;
        } catch (InstanceAlreadyExistsException taken) {
          objectName = new ObjectName(base + ",instance=" + n);
        }
      }
    } catch (JMException | RuntimeException e) {
      warn.accept(
          "Could not register the JMX MBean of appender ["
              + appenderName
              + "]; counters stay readable in code: "
              + e);
      return null;
    }
  }

  /** Unregisters exactly the name this bean got, nothing else. */
  void unregister(java.util.function.Consumer<String> warn) {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
    } catch (JMException | RuntimeException e) {
      warn.accept("Could not unregister the JMX MBean " + registeredAs + ": " + e);
    }
  }

  @Override
  public long getCaptured() {
    return counters.get().captured();
  }

  @Override
  public long getSkippedNoEmail() {
    return counters.get().skippedNoEmail();
  }

  @Override
  public long getSkippedInvalidEmail() {
    return counters.get().skippedInvalidEmail();
  }

  @Override
  public long getDeduplicated() {
    return counters.get().deduplicated();
  }

  @Override
  public long getRateLimited() {
    return counters.get().rateLimited();
  }

  @Override
  public long getDroppedQueueFull() {
    return counters.get().droppedQueueFull();
  }

  @Override
  public long getDroppedAuthCooldown() {
    return counters.get().droppedAuth();
  }

  @Override
  public long getDroppedShutdown() {
    return counters.get().droppedShutdown();
  }

  @Override
  public long getDelivered() {
    return counters.get().delivered();
  }

  @Override
  public long getFailed() {
    return counters.get().failed();
  }

  @Override
  public long getRetried() {
    return counters.get().retried();
  }

  @Override
  public long getThreadEvents() {
    return counters.get().threadEvents();
  }

  @Override
  public int getQueueDepth() {
    return counters.get().queueDepth();
  }

  @Override
  public long getSpooled() {
    return counters.get().spooled();
  }

  @Override
  public long getReplayed() {
    return counters.get().replayed();
  }

  @Override
  public long getSpoolDropped() {
    return counters.get().spoolDropped();
  }

  @Override
  public long getSpoolBytes() {
    return counters.get().spoolBytes();
  }
}
