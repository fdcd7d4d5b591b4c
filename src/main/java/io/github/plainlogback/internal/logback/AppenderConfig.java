package io.github.plainlogback.internal.logback;

import io.github.plainlogback.internal.compose.ThreadFieldValue;
import io.github.plainlogback.internal.report.ServiceIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of one appender, parsed and normalised once by the appender's settings check: the
 * only input {@link EngineFactory} builds from. Immutable; a setter called later changes nothing
 * here.
 *
 * @param apiKey stripped; unused (and possibly blank) with {@code dryRun} or an inbox
 * @param inbox the local inbox, or null when unset
 * @param customerEmailMdcKey as written (an MDC key is matched exactly)
 * @param customerNameMdcKey as written
 * @param title stripped
 * @param fingerprintMdcKey stripped
 * @param requestIdMdcKey stripped, or null when unset or blank
 * @param spoolDirectory stripped, or null when unset or blank (reports live only in memory)
 * @param fingerprintThreadField the thread field key that carries the fingerprint, or null
 * @param traceUrlTemplate stripped, or null
 * @param logsUrlTemplate stripped, or null
 * @param configuredIdentity service, version and environment as set (each null when unset); the
 *     engine fills the gaps from the main jar's manifest
 */
public record AppenderConfig(
    String name,
    @Nullable String apiKey,
    HttpUrl apiUrl,
    @Nullable HttpUrl inbox,
    boolean dryRun,
    String customerEmailMdcKey,
    String customerNameMdcKey,
    List<String> labelTypeIds,
    String title,
    int priority,
    List<ThreadFieldValue> threadFields,
    Duration dedupeWindow,
    int dedupeMaxEntries,
    int maxThreadsPerMinute,
    int maxThreadsPerCustomerPerHour,
    int queueSize,
    Duration shutdownTimeout,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration authFailureBackoff,
    Duration recurrenceInterval,
    int breadcrumbs,
    boolean redactDefaults,
    List<Pattern> redactions,
    List<String> appPackages,
    String fingerprintMdcKey,
    @Nullable String requestIdMdcKey,
    @Nullable Path spoolDirectory,
    long spoolMaxBytes,
    @Nullable String fingerprintThreadField,
    @Nullable String traceUrlTemplate,
    @Nullable String logsUrlTemplate,
    List<String> traceIdMdcKeys,
    List<String> spanIdMdcKeys,
    Duration linkTimeWindow,
    ServiceIdentity configuredIdentity,
    @Nullable String serviceThreadField,
    @Nullable String versionThreadField,
    @Nullable String environmentThreadField) {
  public AppenderConfig {
    traceIdMdcKeys = List.copyOf(traceIdMdcKeys);
    spanIdMdcKeys = List.copyOf(spanIdMdcKeys);
    labelTypeIds = List.copyOf(labelTypeIds);
    threadFields = List.copyOf(threadFields);
    redactions = List.copyOf(redactions);
    appPackages = List.copyOf(appPackages);
  }

  /** Where reports go, for the start message. */
  public String destination() {
    return inbox != null
        ? "the local inbox " + inbox + " (never to Plain)"
        : dryRun ? "nowhere (dryRun)" : apiUrl.toString();
  }
}
