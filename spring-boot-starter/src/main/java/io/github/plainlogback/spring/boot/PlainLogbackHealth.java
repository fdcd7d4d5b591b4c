package io.github.plainlogback.spring.boot;

import io.github.plainlogback.PlainAppenderCounters;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code plainLogback} health contributor: delivery state in the details, status UP (UNKNOWN
 * when no appender reports), never DOWN: Plain being unreachable must not get healthy pods
 * restarted.
 *
 * <p>Boot 3 and Boot 4 keep {@code HealthIndicator} and {@code Health} in different packages
 * ({@code org.springframework.boot.actuate.health}, {@code
 * org.springframework.boot.health.contributor}) with the same shape, so one jar serves both: the
 * indicator is a proxy of whichever interface is present, and builds the {@code Health} through its
 * public builder.
 */
public final class PlainLogbackHealth {
  static final String BOOT3_PACKAGE = "org.springframework.boot.actuate.health";
  static final String BOOT4_PACKAGE = "org.springframework.boot.health.contributor";

  private final PlainLogbackAttacher attacher;

  public PlainLogbackHealth(PlainLogbackAttacher attacher) {
    this.attacher = attacher;
  }

  /** "UP", or "UNKNOWN" when no Plain appender is attached. */
  public String status() {
    return attacher.currentAppender().isPresent() ? "UP" : "UNKNOWN";
  }

  /** lastDelivered, authCooldown, queueDepth, delivered, failed, dropped. */
  public Map<String, Object> details() {
    PlainAppenderCounters c = attacher.counters();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lastDelivered", c.lastDeliveredAt() == null ? "never" : c.lastDeliveredAt().toString());
    d.put("authCooldown", c.authCooldown());
    d.put("queueDepth", c.queueDepth());
    d.put("delivered", c.delivered());
    d.put("failed", c.failed());
    d.put("dropped", c.dropped());
    return d;
  }

  /** The package holding {@code HealthIndicator} on this classpath, or null without Actuator. */
  static @Nullable String healthPackage(@Nullable ClassLoader loader) {
    for (String pkg : new String[] {BOOT4_PACKAGE, BOOT3_PACKAGE}) {
      try {
        Class.forName(pkg + ".HealthIndicator", false, loader);
        return pkg;
      } catch (ClassNotFoundException | LinkageError e) {
        // not this Boot line
      }
    }
    return null;
  }

  /** A {@code HealthIndicator} of the given package, reading this health. */
  Object indicator(String pkg, ClassLoader loader) throws ReflectiveOperationException {
    Class<?> indicatorType = Class.forName(pkg + ".HealthIndicator", true, loader);
    Class<?> builderType = Class.forName(pkg + ".Health$Builder", true, loader);
    Method status = builderType.getMethod("status", String.class);
    Method withDetails = builderType.getMethod("withDetails", Map.class);
    Method build = builderType.getMethod("build");
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("health") && method.getParameterCount() == 0) {
            Object builder = builderType.getConstructor().newInstance();
            status.invoke(builder, status());
            withDetails.invoke(builder, details());
            return build.invoke(builder);
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return switch (method.getName()) {
            case "toString" -> "PlainLogbackHealthIndicator";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.toString());
          };
        };
    return Proxy.newProxyInstance(loader, new Class<?>[] {indicatorType}, handler);
  }
}
