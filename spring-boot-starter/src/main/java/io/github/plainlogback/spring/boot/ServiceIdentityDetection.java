package io.github.plainlogback.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * What Spring Boot knows about the service, for the settings left unset (issue 19): the name from
 * {@code spring.application.name}, the version from the build info ({@link BuildProperties}, from
 * {@code META-INF/build-info.properties}), the environment from the active profiles, and, when
 * Micrometer Tracing is present, Spring Boot's MDC keys for the trace and span ids first. Runs
 * once, before the appender is made; values set in {@code plain.logback.*} always win.
 */
final class ServiceIdentityDetection {
  /** The MDC keys Micrometer Tracing fills in Spring Boot (its logging correlation pattern's). */
  static final String BOOT_TRACE_ID_KEY = "traceId";

  static final String BOOT_SPAN_ID_KEY = "spanId";

  private ServiceIdentityDetection() {}

  /**
   * Fills the unset identity properties of {@code p} from Spring Boot.
   *
   * @param build the build info, or null when the application has none
   * @return {@code p}
   */
  static PlainLogbackProperties apply(
      PlainLogbackProperties p,
      Environment env,
      @Nullable BuildProperties build,
      @Nullable ClassLoader loader) {
    return apply(p, env, build, ClassUtils.isPresent("io.micrometer.tracing.Tracer", loader));
  }

  /**
   * @param micrometerTracing whether Micrometer Tracing is on the class path
   */
  static PlainLogbackProperties apply(
      PlainLogbackProperties p,
      Environment env,
      @Nullable BuildProperties build,
      boolean micrometerTracing) {
    if (isBlank(p.getServiceName())) {
      p.setServiceName(env.getProperty("spring.application.name"));
    }
    if (isBlank(p.getServiceVersion()) && build != null) {
      p.setServiceVersion(build.getVersion());
    }
    if (isBlank(p.getEnvironment()) && env.getActiveProfiles().length > 0) {
      p.setEnvironment(String.join(",", env.getActiveProfiles()));
    }
    if (micrometerTracing) {
      p.setTraceIdMdcKeys(first(BOOT_TRACE_ID_KEY, p.getTraceIdMdcKeys()));
      p.setSpanIdMdcKeys(first(BOOT_SPAN_ID_KEY, p.getSpanIdMdcKeys()));
    }
    return p;
  }

  /** {@code key} first in the comma-separated {@code keys}, the others after it in their order. */
  static String first(String key, String keys) {
    StringBuilder s = new StringBuilder(key);
    if (keys != null) {
      for (String k : keys.split(",")) {
        if (!k.isBlank() && !k.strip().equals(key)) {
          s.append(',').append(k.strip());
        }
      }
    }
    return s.toString();
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
