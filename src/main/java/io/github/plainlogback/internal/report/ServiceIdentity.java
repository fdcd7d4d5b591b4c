package io.github.plainlogback.internal.report;

import org.jspecify.annotations.Nullable;

/**
 * Which service, release and environment an error came from. Per process, but carried with a report
 * through the spool, so a report replayed by a newer release keeps the version it happened in.
 *
 * @param service e.g. {@code checkout}, or null when unknown
 * @param version e.g. {@code 2.4.1}, or null when unknown
 * @param environment e.g. {@code production}, or null when unknown
 */
public record ServiceIdentity(
    @Nullable String service, @Nullable String version, @Nullable String environment) {
  public static final ServiceIdentity UNKNOWN = new ServiceIdentity(null, null, null);

  public ServiceIdentity {
    service = blankToNull(service);
    version = blankToNull(version);
    environment = blankToNull(environment);
  }

  public boolean isUnknown() {
    return service == null && version == null && environment == null;
  }

  /** Fills what this one leaves unknown from {@code other}. */
  public ServiceIdentity orElse(ServiceIdentity other) {
    return new ServiceIdentity(
        service != null ? service : other.service,
        version != null ? version : other.version,
        environment != null ? environment : other.environment);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
