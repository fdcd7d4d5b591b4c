package io.github.plainlogback;

import io.github.plainlogback.internal.compose.ThreadFieldValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Every setting of one appender, parsed and normalised once by {@link
 * PlainAppenderSettings#check()}: the only input {@link EngineFactory} builds from. Immutable; a
 * setter called later changes nothing here.
 *
 * @param apiKey stripped; unused (and possibly blank) with {@code dryRun} or an inbox
 * @param inbox the local inbox, or null when unset
 * @param customerEmailMdcKey as written (an MDC key is matched exactly)
 * @param customerNameMdcKey as written
 * @param title stripped
 * @param fingerprintMdcKey stripped
 * @param requestIdMdcKey stripped, or null when unset or blank
 * @param spoolDirectory stripped, or null when unset or blank (reports live only in memory)
 */
record AppenderConfig(
    String name,
    String apiKey,
    HttpUrl apiUrl,
    HttpUrl inbox,
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
    String requestIdMdcKey,
    Path spoolDirectory,
    long spoolMaxBytes) {
  AppenderConfig {
    labelTypeIds = List.copyOf(labelTypeIds);
    threadFields = List.copyOf(threadFields);
    redactions = List.copyOf(redactions);
    appPackages = List.copyOf(appPackages);
  }

  /** Where reports go, for the start message. */
  String destination() {
    return inbox != null
        ? "the local inbox " + inbox + " (never to Plain)"
        : dryRun ? "nowhere (dryRun)" : apiUrl.toString();
  }
}
