package io.github.plainlogback.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code plain.logback.*}: every setting of {@code PlainThreadAppender}, with the XML element's
 * name in kebab case and the same default. Durations take Spring's forms ({@code 90s}, {@code 15m},
 * {@code PT1H}), sizes {@code 10MB}.
 */
@ConfigurationProperties("plain.logback")
public class PlainLogbackProperties {

  /**
   * Whether the starter attaches the appender and the customer filter. Without an API key, dry run
   * or an inbox-url it stays off anyway.
   */
  private boolean enabled = true;

  /**
   * Plain machine-user API key, normally from the environment (PLAIN_LOGBACK_API_KEY). Never
   * printed; sent only to api-url. Not needed with dry-run or inbox-url.
   */
  private @Nullable String apiKey;

  /** Plain's GraphQL endpoint; plain http only for loopback hosts. */
  private String apiUrl = "https://core-api.uk.plain.com/graphql/v1";

  /** MDC key holding the signed-in customer's email; the customer filter fills it. */
  private String customerEmailMdcKey = "customerEmail";

  /**
   * MDC key holding the customer's full name, used when Plain creates the customer (falls back to
   * the email); the customer filter fills it.
   */
  private String customerNameMdcKey = "customerName";

  /** Plain label type ids (lt_...) attached to every thread. */
  private List<String> labelTypeIds = new ArrayList<>();

  /** Title prefix: "title: ExceptionSimpleName: first line of the message". */
  private String title = "Bug Report";

  /** Thread priority: 0 (urgent), 1 (high), 2 (normal), 3 (low). */
  private int priority = 2;

  /** Thread fields set on every thread; each key must exist in Plain. */
  private List<ThreadFieldProperties> threadFields = new ArrayList<>();

  /** Same fingerprint and customer inside this window creates no new thread. */
  private Duration dedupeWindow = Duration.ofHours(1);

  /** Size bound of the dedupe cache. */
  private int dedupeMaxEntries = 10000;

  /** Threads created per minute, all customers together. */
  private int maxThreadsPerMinute = 30;

  /** Threads created per customer per hour. */
  private int maxThreadsPerCustomerPerHour = 5;

  /** Reports waiting for delivery; when full, new reports are dropped and counted. */
  private int queueSize = 256;

  /** The most the appender's stop spends delivering what is queued when the application stops. */
  private Duration shutdownTimeout = Duration.ofSeconds(5);

  /** HTTP connect timeout. */
  private Duration connectTimeout = Duration.ofSeconds(5);

  /** HTTP read/write timeout of one request. */
  private Duration requestTimeout = Duration.ofSeconds(10);

  /**
   * Retries per report for I/O errors, timeouts, 429, 5xx and INTERNAL errors (exponential backoff
   * with full jitter).
   */
  private int maxRetries = 3;

  /**
   * After Plain refuses the key (401, 403, FORBIDDEN), how long to send nothing before one request
   * probes again.
   */
  private Duration authFailureBackoff = Duration.ofMinutes(5);

  /**
   * Repeats of an error inside the dedupe window are added to its thread as one "Happened again"
   * event at most this often.
   */
  private Duration recurrenceInterval = Duration.ofMinutes(15);

  /**
   * Log lines (INFO and above, same thread, same customer) shown before the error; 0 turns them
   * off; at most 200.
   */
  private int breadcrumbs = 20;

  /**
   * Whether the built-in redactions apply (Authorization values, bearer tokens, password/secret
   * pairs, JWTs, AWS key ids, Plain keys, card numbers).
   */
  private boolean redactDefaults = true;

  /** Regexes whose matches are replaced by [REDACTED] in everything sent (the redact element). */
  private List<String> redactPatterns = new ArrayList<>();

  /**
   * Your application's packages: only their frames and the exception types make the fingerprint,
   * the title names the first one, framework frames are folded.
   */
  private List<String> appPackages = new ArrayList<>();

  /** MDC key whose value, when set, replaces the computed fingerprint. */
  private String fingerprintMdcKey = "plainFingerprint";

  /**
   * Send nothing and never use the key, whatever api-url says (a loopback one too): build and check
   * every request and print it through Logback's status. No key needed. With inbox-url set,
   * requests go to the inbox.
   */
  private boolean dryRun = false;

  /**
   * A local inbox (loopback http URL) that receives the requests instead of Plain, with a
   * placeholder key.
   */
  private @Nullable String inboxUrl;

  /**
   * MDC key of a per-request id (e.g. traceId); a new value starts a new breadcrumb trail. When
   * set, the customer filter puts a random id there for requests that tracing has not given one.
   */
  private @Nullable String requestIdMdcKey;

  /**
   * A private directory where reports that cannot be delivered now are kept until Plain answers
   * again, across restarts. Unset: reports live only in memory.
   */
  private @Nullable String spoolDirectory;

  /** The spool's size limit; the oldest reports go first. */
  private DataSize spoolMaxSize = DataSize.ofMegabytes(10);

  /**
   * Whether the filter that puts the signed-in customer (and a request id) into the MDC is
   * registered: the servlet filter, or in a WebFlux application the WebFilter that also carries
   * them through the Reactor Context. Needs Spring Security.
   */
  private boolean customerFilter = true;

  /** One thread field: the XML threadField element. */
  public static class ThreadFieldProperties {
    /** The thread field's key, as defined in Plain. */
    private @Nullable String key;

    /** STRING, BOOL, NUMBER, ENUM or DATE. */
    private @Nullable String type;

    /** The value, parsed as the type says. */
    private @Nullable String value;

    public @Nullable String getKey() {
      return key;
    }

    public void setKey(@Nullable String key) {
      this.key = key;
    }

    public @Nullable String getType() {
      return type;
    }

    public void setType(@Nullable String type) {
      this.type = type;
    }

    public @Nullable String getValue() {
      return value;
    }

    public void setValue(@Nullable String value) {
      this.value = value;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable String getApiKey() {
    return apiKey;
  }

  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  public String getApiUrl() {
    return apiUrl;
  }

  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  public String getCustomerEmailMdcKey() {
    return customerEmailMdcKey;
  }

  public void setCustomerEmailMdcKey(String customerEmailMdcKey) {
    this.customerEmailMdcKey = customerEmailMdcKey;
  }

  public String getCustomerNameMdcKey() {
    return customerNameMdcKey;
  }

  public void setCustomerNameMdcKey(String customerNameMdcKey) {
    this.customerNameMdcKey = customerNameMdcKey;
  }

  public List<String> getLabelTypeIds() {
    return labelTypeIds;
  }

  public void setLabelTypeIds(List<String> labelTypeIds) {
    this.labelTypeIds = labelTypeIds;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }

  public List<ThreadFieldProperties> getThreadFields() {
    return threadFields;
  }

  public void setThreadFields(List<ThreadFieldProperties> threadFields) {
    this.threadFields = threadFields;
  }

  public Duration getDedupeWindow() {
    return dedupeWindow;
  }

  public void setDedupeWindow(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  public int getDedupeMaxEntries() {
    return dedupeMaxEntries;
  }

  public void setDedupeMaxEntries(int dedupeMaxEntries) {
    this.dedupeMaxEntries = dedupeMaxEntries;
  }

  public int getMaxThreadsPerMinute() {
    return maxThreadsPerMinute;
  }

  public void setMaxThreadsPerMinute(int maxThreadsPerMinute) {
    this.maxThreadsPerMinute = maxThreadsPerMinute;
  }

  public int getMaxThreadsPerCustomerPerHour() {
    return maxThreadsPerCustomerPerHour;
  }

  public void setMaxThreadsPerCustomerPerHour(int maxThreadsPerCustomerPerHour) {
    this.maxThreadsPerCustomerPerHour = maxThreadsPerCustomerPerHour;
  }

  public int getQueueSize() {
    return queueSize;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public int getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  public Duration getAuthFailureBackoff() {
    return authFailureBackoff;
  }

  public void setAuthFailureBackoff(Duration authFailureBackoff) {
    this.authFailureBackoff = authFailureBackoff;
  }

  public Duration getRecurrenceInterval() {
    return recurrenceInterval;
  }

  public void setRecurrenceInterval(Duration recurrenceInterval) {
    this.recurrenceInterval = recurrenceInterval;
  }

  public int getBreadcrumbs() {
    return breadcrumbs;
  }

  public void setBreadcrumbs(int breadcrumbs) {
    this.breadcrumbs = breadcrumbs;
  }

  public boolean isRedactDefaults() {
    return redactDefaults;
  }

  public void setRedactDefaults(boolean redactDefaults) {
    this.redactDefaults = redactDefaults;
  }

  public List<String> getRedactPatterns() {
    return redactPatterns;
  }

  public void setRedactPatterns(List<String> redactPatterns) {
    this.redactPatterns = redactPatterns;
  }

  public List<String> getAppPackages() {
    return appPackages;
  }

  public void setAppPackages(List<String> appPackages) {
    this.appPackages = appPackages;
  }

  public String getFingerprintMdcKey() {
    return fingerprintMdcKey;
  }

  public void setFingerprintMdcKey(String fingerprintMdcKey) {
    this.fingerprintMdcKey = fingerprintMdcKey;
  }

  public boolean isDryRun() {
    return dryRun;
  }

  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public @Nullable String getInboxUrl() {
    return inboxUrl;
  }

  public void setInboxUrl(@Nullable String inboxUrl) {
    this.inboxUrl = inboxUrl;
  }

  public @Nullable String getRequestIdMdcKey() {
    return requestIdMdcKey;
  }

  public void setRequestIdMdcKey(@Nullable String requestIdMdcKey) {
    this.requestIdMdcKey = requestIdMdcKey;
  }

  public @Nullable String getSpoolDirectory() {
    return spoolDirectory;
  }

  public void setSpoolDirectory(@Nullable String spoolDirectory) {
    this.spoolDirectory = spoolDirectory;
  }

  public DataSize getSpoolMaxSize() {
    return spoolMaxSize;
  }

  public void setSpoolMaxSize(DataSize spoolMaxSize) {
    this.spoolMaxSize = spoolMaxSize;
  }

  public boolean isCustomerFilter() {
    return customerFilter;
  }

  public void setCustomerFilter(boolean customerFilter) {
    this.customerFilter = customerFilter;
  }

  // ---------------------------------------------------------------- issue 19: bug reach, links,
  // release

  /**
   * Key of a STRING thread field (it must exist in Plain) that every thread carries its fingerprint
   * in, so every instance finds a bug's threads of other customers through Plain and links to the
   * first. Unset: counted from this process's own threads.
   */
  private @Nullable String fingerprintThreadField;

  /**
   * Comma-separated MDC keys of the trace id, first match wins: Micrometer Tracing (Spring Boot),
   * OpenTelemetry, Datadog.
   */
  private String traceIdMdcKeys = "traceId,trace_id,dd.trace_id";

  /** Comma-separated MDC keys of the span id, first match wins. */
  private String spanIdMdcKeys = "spanId,span_id,dd.span_id";

  /**
   * An http(s) URL with {traceId}, {spanId}, {requestId}, {service}, {from}, {to}, {fromIso},
   * {toIso}, {fromSeconds}, {toSeconds}: the thread starts with a "Trace" link to it.
   */
  private @Nullable String traceUrlTemplate;

  /** As trace-url-template, for the "Logs" link. */
  private @Nullable String logsUrlTemplate;

  /** The links' {from} and {to} are the error's time minus and plus this. */
  private Duration linkTimeWindow = Duration.ofMinutes(15);

  /**
   * The service in every thread. Unset: spring.application.name, else the main jar's
   * Implementation-Title.
   */
  private @Nullable String serviceName;

  /**
   * The release in every thread and "Happened again" event. Unset: the build info's version
   * (BuildProperties), else the main jar's Implementation-Version.
   */
  private @Nullable String serviceVersion;

  /** The environment in every thread. Unset: the active profiles, comma-separated. */
  private @Nullable String environment;

  /** Key of a STRING thread field set to the service name. */
  private @Nullable String serviceThreadField;

  /** Key of a STRING thread field set to the version. */
  private @Nullable String versionThreadField;

  /** Key of a STRING thread field set to the environment. */
  private @Nullable String environmentThreadField;

  public @Nullable String getFingerprintThreadField() {
    return fingerprintThreadField;
  }

  public void setFingerprintThreadField(@Nullable String fingerprintThreadField) {
    this.fingerprintThreadField = fingerprintThreadField;
  }

  public String getTraceIdMdcKeys() {
    return traceIdMdcKeys;
  }

  public void setTraceIdMdcKeys(String traceIdMdcKeys) {
    this.traceIdMdcKeys = traceIdMdcKeys;
  }

  public String getSpanIdMdcKeys() {
    return spanIdMdcKeys;
  }

  public void setSpanIdMdcKeys(String spanIdMdcKeys) {
    this.spanIdMdcKeys = spanIdMdcKeys;
  }

  public @Nullable String getTraceUrlTemplate() {
    return traceUrlTemplate;
  }

  public void setTraceUrlTemplate(@Nullable String traceUrlTemplate) {
    this.traceUrlTemplate = traceUrlTemplate;
  }

  public @Nullable String getLogsUrlTemplate() {
    return logsUrlTemplate;
  }

  public void setLogsUrlTemplate(@Nullable String logsUrlTemplate) {
    this.logsUrlTemplate = logsUrlTemplate;
  }

  public Duration getLinkTimeWindow() {
    return linkTimeWindow;
  }

  public void setLinkTimeWindow(Duration linkTimeWindow) {
    this.linkTimeWindow = linkTimeWindow;
  }

  public @Nullable String getServiceName() {
    return serviceName;
  }

  public void setServiceName(@Nullable String serviceName) {
    this.serviceName = serviceName;
  }

  public @Nullable String getServiceVersion() {
    return serviceVersion;
  }

  public void setServiceVersion(@Nullable String serviceVersion) {
    this.serviceVersion = serviceVersion;
  }

  public @Nullable String getEnvironment() {
    return environment;
  }

  public void setEnvironment(@Nullable String environment) {
    this.environment = environment;
  }

  public @Nullable String getServiceThreadField() {
    return serviceThreadField;
  }

  public void setServiceThreadField(@Nullable String serviceThreadField) {
    this.serviceThreadField = serviceThreadField;
  }

  public @Nullable String getVersionThreadField() {
    return versionThreadField;
  }

  public void setVersionThreadField(@Nullable String versionThreadField) {
    this.versionThreadField = versionThreadField;
  }

  public @Nullable String getEnvironmentThreadField() {
    return environmentThreadField;
  }

  public void setEnvironmentThreadField(@Nullable String environmentThreadField) {
    this.environmentThreadField = environmentThreadField;
  }
}
