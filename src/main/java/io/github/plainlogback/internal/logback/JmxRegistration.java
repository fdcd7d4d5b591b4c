package io.github.plainlogback.internal.logback;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * One appender's MBean in the platform server while it is started, as {@code
 * io.github.plainlogback:type=PlainThreadAppender,context=<context>,name=<appender>}. Knows names
 * and registration only; what the bean shows is the API's business.
 */
public final class JmxRegistration {
  private final ObjectName registeredAs;

  private JmxRegistration(ObjectName registeredAs) {
    this.registeredAs = registeredAs;
  }

  /**
   * Registers {@code mbean}; returns null (after a warning) where JMX is not available. Two webapps
   * may each have an appender of this name in a context named "default": the second gets an {@code
   * instance=N} key of its own, and neither ever unregisters the other's.
   */
  public static @Nullable JmxRegistration register(
      @Nullable String contextName,
      @Nullable String appenderName,
      Object mbean,
      Consumer<String> warn) {
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
          server.registerMBean(mbean, objectName);
          return new JmxRegistration(objectName);
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

  /** Unregisters exactly the name this registration got, nothing else. */
  public void unregister(Consumer<String> warn) {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
    } catch (JMException | RuntimeException e) {
      warn.accept("Could not unregister the JMX MBean " + registeredAs + ": " + e);
    }
  }
}
