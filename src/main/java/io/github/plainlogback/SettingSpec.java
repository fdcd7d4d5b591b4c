package io.github.plainlogback;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The declared list of {@link PlainThreadAppender}'s settings, one constant per XML element: its
 * name, kind, default, bounds and meaning. The validation reads its bounds from here; tests hold
 * the setters, {@code docs/settings.md}, {@code logback-sample.xml} and the Spring Boot starter's
 * properties and metadata to it, so none can drift. Configure the appender through its setters;
 * this list only describes them.
 */
public enum SettingSpec {
  API_KEY("apiKey", Kind.STRING, null, null, null, "Plain machine-user API key; required"),
  API_URL(
      "apiUrl",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_API_URL,
      null,
      null,
      "Plain's GraphQL endpoint; http:// only to loopback hosts"),
  CUSTOMER_EMAIL_MDC_KEY(
      "customerEmailMdcKey",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_CUSTOMER_EMAIL_MDC_KEY,
      null,
      null,
      "MDC key holding the signed-in customer's email"),
  CUSTOMER_NAME_MDC_KEY(
      "customerNameMdcKey",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_CUSTOMER_NAME_MDC_KEY,
      null,
      null,
      "MDC key holding the customer's full name"),
  LABEL_TYPE_ID(
      "labelTypeId", Kind.REPEATED, null, null, null, "a label type id (lt_…) on every thread"),
  TITLE(
      "title",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_TITLE,
      1L,
      100L,
      "title prefix, one line; bounds in characters"),
  PRIORITY(
      "priority",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_PRIORITY),
      0L,
      3L,
      "thread priority, 0 urgent to 3 low"),
  THREAD_FIELD("threadField", Kind.REPEATED, null, null, null, "a thread field on every thread"),
  DEDUPE_WINDOW(
      "dedupeWindow",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_DEDUPE_WINDOW,
      1L,
      Duration.ofDays(30).toMillis(),
      "same fingerprint and customer inside it creates no new thread"),
  DEDUPE_MAX_ENTRIES(
      "dedupeMaxEntries",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_DEDUPE_MAX_ENTRIES),
      1L,
      1_000_000L,
      "size bound of the dedupe cache"),
  MAX_THREADS_PER_MINUTE(
      "maxThreadsPerMinute",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_MAX_THREADS_PER_MINUTE),
      1L,
      null,
      "threads created per minute, all customers together"),
  MAX_THREADS_PER_CUSTOMER_PER_HOUR(
      "maxThreadsPerCustomerPerHour",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_MAX_THREADS_PER_CUSTOMER_PER_HOUR),
      1L,
      null,
      "threads created per customer per hour"),
  QUEUE_SIZE(
      "queueSize",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_QUEUE_SIZE),
      1L,
      100_000L,
      "reports waiting for delivery; a full queue drops new ones"),
  SHUTDOWN_TIMEOUT(
      "shutdownTimeout",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_SHUTDOWN_TIMEOUT,
      1L,
      Duration.ofMinutes(10).toMillis(),
      "the most stop() spends delivering what is queued"),
  CONNECT_TIMEOUT(
      "connectTimeout",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_CONNECT_TIMEOUT,
      1L,
      Duration.ofHours(1).toMillis(),
      "HTTP connect timeout"),
  REQUEST_TIMEOUT(
      "requestTimeout",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_REQUEST_TIMEOUT,
      1L,
      Duration.ofHours(1).toMillis(),
      "HTTP read/write timeout of one request"),
  DRY_RUN(
      "dryRun",
      Kind.BOOLEAN,
      "false",
      null,
      null,
      "send nothing and never use the key, whatever apiUrl says"),
  MAX_RETRIES(
      "maxRetries",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_MAX_RETRIES),
      0L,
      20L,
      "retries per report for failures that may pass"),
  AUTH_FAILURE_BACKOFF(
      "authFailureBackoff",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_AUTH_FAILURE_BACKOFF,
      1L,
      Duration.ofDays(1).toMillis(),
      "after Plain refuses the key, how long nothing is sent"),
  RECURRENCE_INTERVAL(
      "recurrenceInterval",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_RECURRENCE_INTERVAL,
      1L,
      Duration.ofDays(1).toMillis(),
      "the least time between two \"Happened again\" events on a thread"),
  BREADCRUMBS(
      "breadcrumbs",
      Kind.INT,
      String.valueOf(PlainAppenderSettings.DEFAULT_BREADCRUMBS),
      0L,
      (long) PlainAppenderSettings.MAX_BREADCRUMBS,
      "log lines shown before the error; 0 turns them off"),
  REDACT("redact", Kind.REPEATED, null, null, null, "a regex whose matches are redacted"),
  REDACT_DEFAULTS(
      "redactDefaults", Kind.BOOLEAN, "true", null, null, "whether the built-in redactions apply"),
  APP_PACKAGE(
      "appPackage",
      Kind.REPEATED,
      null,
      null,
      null,
      "a package whose frames are the application's"),
  FINGERPRINT_MDC_KEY(
      "fingerprintMdcKey",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_FINGERPRINT_MDC_KEY,
      null,
      null,
      "MDC key whose value replaces the computed fingerprint"),
  INBOX_URL(
      "inboxUrl",
      Kind.STRING,
      null,
      null,
      null,
      "a loopback local inbox that receives the requests instead of Plain"),
  REQUEST_ID_MDC_KEY(
      "requestIdMdcKey",
      Kind.STRING,
      null,
      null,
      null,
      "MDC key of a per-request id; a new value starts a new breadcrumb trail"),
  SPOOL_DIRECTORY(
      "spoolDirectory",
      Kind.STRING,
      null,
      null,
      null,
      "a private directory where undeliverable reports wait, across restarts"),
  SPOOL_MAX_SIZE(
      "spoolMaxSize",
      Kind.FILE_SIZE,
      PlainAppenderSettings.DEFAULT_SPOOL_MAX_SIZE,
      1L,
      1024L * 1024 * 1024,
      "the spool's size limit; the oldest reports go first"),
  FINGERPRINT_THREAD_FIELD(
      "fingerprintThreadField",
      Kind.STRING,
      null,
      null,
      null,
      "key of a STRING thread field carrying the fingerprint, to find a bug's threads across a fleet"),
  TRACE_ID_MDC_KEYS(
      "traceIdMdcKeys",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_TRACE_ID_MDC_KEYS,
      null,
      null,
      "comma-separated MDC keys of the trace id, first match wins"),
  SPAN_ID_MDC_KEYS(
      "spanIdMdcKeys",
      Kind.STRING,
      PlainAppenderSettings.DEFAULT_SPAN_ID_MDC_KEYS,
      null,
      null,
      "comma-separated MDC keys of the span id, first match wins"),
  TRACE_URL_TEMPLATE(
      "traceUrlTemplate",
      Kind.STRING,
      null,
      null,
      null,
      "http(s) URL of the trace, with placeholders"),
  LOGS_URL_TEMPLATE(
      "logsUrlTemplate",
      Kind.STRING,
      null,
      null,
      null,
      "http(s) URL of the logs, with placeholders"),
  LINK_TIME_WINDOW(
      "linkTimeWindow",
      Kind.DURATION,
      PlainAppenderSettings.DEFAULT_LINK_TIME_WINDOW,
      1L,
      Duration.ofDays(1).toMillis(),
      "{from} and {to} are the error's time minus and plus this"),
  SERVICE_NAME(
      "serviceName",
      Kind.STRING,
      null,
      null,
      null,
      "the service's name; else the main jar's manifest"),
  SERVICE_VERSION(
      "serviceVersion",
      Kind.STRING,
      null,
      null,
      null,
      "the service's version; else the main jar's manifest"),
  ENVIRONMENT("environment", Kind.STRING, null, null, null, "the environment, e.g. production"),
  SERVICE_THREAD_FIELD(
      "serviceThreadField", Kind.STRING, null, null, null, "thread field key for the service name"),
  VERSION_THREAD_FIELD(
      "versionThreadField", Kind.STRING, null, null, null, "thread field key for the version"),
  ENVIRONMENT_THREAD_FIELD(
      "environmentThreadField",
      Kind.STRING,
      null,
      null,
      null,
      "thread field key for the environment");

  /** How an element's text is read. */
  public enum Kind {
    STRING,
    INT,
    BOOLEAN,
    /** A Logback duration ({@code 10 seconds}); bounds in milliseconds. */
    DURATION,
    /** A Logback file size ({@code 10 MB}); bounds in bytes. */
    FILE_SIZE,
    /** Repeatable: each element is added ({@code add<Element>}), none by default. */
    REPEATED
  }

  private final String element;
  private final Kind kind;
  private final @Nullable String defaultValue;
  private final @Nullable Long min;
  private final @Nullable Long max;
  private final String meaning;

  SettingSpec(
      String element,
      Kind kind,
      @Nullable String defaultValue,
      @Nullable Long min,
      @Nullable Long max,
      String meaning) {
    this.element = element;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.meaning = meaning;
  }

  /** The XML element's name. */
  public String element() {
    return element;
  }

  public Kind kind() {
    return kind;
  }

  /** The default as it would be written in the element, or null when unset by default. */
  public @Nullable String defaultValue() {
    return defaultValue;
  }

  /**
   * The least value accepted (a number, milliseconds, bytes or characters by kind), or null when
   * unbounded.
   */
  public @Nullable Long min() {
    return min;
  }

  /** The largest value accepted, in the unit of {@link #min()}, or null when unbounded. */
  public @Nullable Long max() {
    return max;
  }

  /** What the setting does, in a few words. */
  public String meaning() {
    return meaning;
  }
}
