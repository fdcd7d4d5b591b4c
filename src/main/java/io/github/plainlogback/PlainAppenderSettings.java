package io.github.plainlogback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.github.plainlogback.internal.compose.ThreadFieldValue;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.logback.AppenderConfig;
import io.github.plainlogback.internal.plain.Endpoints;
import io.github.plainlogback.internal.report.ServiceIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link PlainThreadAppender}, one XML element each, and their validation. Setters
 * only store; {@link #check()} reads them all once, in {@code start()}, and names every problem by
 * its element, so a configuration is rejected as a whole (logstash-logback-encoder's way).
 */
public abstract class PlainAppenderSettings extends UnsynchronizedAppenderBase<ILoggingEvent> {
  public static final String DEFAULT_API_URL = "https://core-api.uk.plain.com/graphql/v1";
  public static final String DEFAULT_CUSTOMER_EMAIL_MDC_KEY = "customerEmail";
  public static final String DEFAULT_CUSTOMER_NAME_MDC_KEY = "customerName";
  public static final String DEFAULT_TITLE = "Bug Report";
  public static final int DEFAULT_PRIORITY = 2;
  public static final String DEFAULT_DEDUPE_WINDOW = "1 hour";
  public static final int DEFAULT_DEDUPE_MAX_ENTRIES = 10_000;
  public static final int DEFAULT_MAX_THREADS_PER_MINUTE = 30;
  public static final int DEFAULT_MAX_THREADS_PER_CUSTOMER_PER_HOUR = 5;
  public static final int DEFAULT_QUEUE_SIZE = 256;
  public static final String DEFAULT_SHUTDOWN_TIMEOUT = "5 seconds";
  public static final String DEFAULT_CONNECT_TIMEOUT = "5 seconds";
  public static final String DEFAULT_REQUEST_TIMEOUT = "10 seconds";
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final String DEFAULT_AUTH_FAILURE_BACKOFF = "5 minutes";
  public static final String DEFAULT_RECURRENCE_INTERVAL = "15 minutes";
  public static final int DEFAULT_BREADCRUMBS = 20;
  public static final int MAX_BREADCRUMBS = 200;
  public static final String DEFAULT_FINGERPRINT_MDC_KEY = "plainFingerprint";
  public static final String DEFAULT_SPOOL_MAX_SIZE = "10 MB";

  /** Micrometer Tracing (Spring Boot), OpenTelemetry, Datadog: the first key holding an id wins. */
  public static final String DEFAULT_TRACE_ID_MDC_KEYS = "traceId,trace_id,dd.trace_id";

  public static final String DEFAULT_SPAN_ID_MDC_KEYS = "spanId,span_id,dd.span_id";
  public static final String DEFAULT_LINK_TIME_WINDOW = "15 minutes";

  private static final Pattern LABEL_TYPE_ID = Pattern.compile("lt_[0-9A-Za-z]+");
  private static final Pattern PACKAGE_NAME =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  @Nullable String apiKey;
  String apiUrl = DEFAULT_API_URL;
  String customerEmailMdcKey = DEFAULT_CUSTOMER_EMAIL_MDC_KEY;
  String customerNameMdcKey = DEFAULT_CUSTOMER_NAME_MDC_KEY;
  final List<String> labelTypeIds = new ArrayList<>();
  String title = DEFAULT_TITLE;
  int priority = DEFAULT_PRIORITY;
  final List<ThreadField> threadFields = new ArrayList<>();
  Duration dedupeWindow = Duration.valueOf(DEFAULT_DEDUPE_WINDOW);
  int dedupeMaxEntries = DEFAULT_DEDUPE_MAX_ENTRIES;
  int maxThreadsPerMinute = DEFAULT_MAX_THREADS_PER_MINUTE;
  int maxThreadsPerCustomerPerHour = DEFAULT_MAX_THREADS_PER_CUSTOMER_PER_HOUR;
  int queueSize = DEFAULT_QUEUE_SIZE;
  Duration shutdownTimeout = Duration.valueOf(DEFAULT_SHUTDOWN_TIMEOUT);
  Duration connectTimeout = Duration.valueOf(DEFAULT_CONNECT_TIMEOUT);
  Duration requestTimeout = Duration.valueOf(DEFAULT_REQUEST_TIMEOUT);
  boolean dryRun;
  int maxRetries = DEFAULT_MAX_RETRIES;
  Duration authFailureBackoff = Duration.valueOf(DEFAULT_AUTH_FAILURE_BACKOFF);
  Duration recurrenceInterval = Duration.valueOf(DEFAULT_RECURRENCE_INTERVAL);
  int breadcrumbs = DEFAULT_BREADCRUMBS;
  final List<String> redactPatterns = new ArrayList<>();
  boolean redactDefaults = true;
  final List<String> appPackages = new ArrayList<>();
  String fingerprintMdcKey = DEFAULT_FINGERPRINT_MDC_KEY;
  @Nullable String inboxUrl;
  @Nullable String requestIdMdcKey;
  @Nullable String spoolDirectory;
  FileSize spoolMaxSize = FileSize.valueOf(DEFAULT_SPOOL_MAX_SIZE);
  // issue 19: one bug across customers, trace and logs links, release and environment
  @Nullable String fingerprintThreadField;
  String traceIdMdcKeys = DEFAULT_TRACE_ID_MDC_KEYS;
  String spanIdMdcKeys = DEFAULT_SPAN_ID_MDC_KEYS;
  @Nullable String traceUrlTemplate;
  @Nullable String logsUrlTemplate;
  Duration linkTimeWindow = Duration.valueOf(DEFAULT_LINK_TIME_WINDOW);
  @Nullable String serviceName;
  @Nullable String serviceVersion;
  @Nullable String environment;
  @Nullable String serviceThreadField;
  @Nullable String versionThreadField;
  @Nullable String environmentThreadField;

  /**
   * What {@link #check()} found: every setting parsed and normalised, or the errors that keep the
   * appender stopped.
   *
   * @param config null when there are errors
   */
  record Checked(@Nullable AppenderConfig config, List<String> errors) {}

  /**
   * Validates every setting and, when all are right, parses and normalises them into one immutable
   * value; never throws, and touches nothing outside this object (the spool directory is prepared
   * when the engine is built).
   */
  Checked check() {
    List<String> errors = new ArrayList<>();
    HttpUrl url = validate(errors);
    HttpUrl inbox = validateInbox(errors);
    List<ThreadFieldValue> fields = parseThreadFields(errors);
    List<Pattern> redactions = compileRedactions(errors);
    if (!errors.isEmpty()) {
      return new Checked(null, List.copyOf(errors));
    }
    AppenderConfig config =
        new AppenderConfig(
            name,
            apiKey == null ? null : apiKey.strip(),
            Objects.requireNonNull(url, "a valid apiUrl when there are no errors"),
            inbox,
            dryRun,
            customerEmailMdcKey,
            customerNameMdcKey,
            labelTypeIds,
            title.strip(),
            priority,
            fields,
            toJava(dedupeWindow),
            dedupeMaxEntries,
            maxThreadsPerMinute,
            maxThreadsPerCustomerPerHour,
            queueSize,
            toJava(shutdownTimeout),
            toJava(connectTimeout),
            toJava(requestTimeout),
            maxRetries,
            toJava(authFailureBackoff),
            toJava(recurrenceInterval),
            breadcrumbs,
            redactDefaults,
            redactions,
            appPackages,
            fingerprintMdcKey.strip(),
            stripToNull(requestIdMdcKey),
            spoolDirectory == null || spoolDirectory.isBlank()
                ? null
                : Path.of(spoolDirectory.strip()),
            spoolMaxSize.getSize(),
            stripToNull(fingerprintThreadField),
            stripToNull(traceUrlTemplate),
            stripToNull(logsUrlTemplate),
            splitKeys(traceIdMdcKeys),
            splitKeys(spanIdMdcKeys),
            toJava(linkTimeWindow),
            new ServiceIdentity(
                stripToNull(serviceName), stripToNull(serviceVersion), stripToNull(environment)),
            stripToNull(serviceThreadField),
            stripToNull(versionThreadField),
            stripToNull(environmentThreadField));
    return new Checked(config, List.of());
  }

  /** Collects every configuration error; returns the parsed URL (null if invalid). */
  private @Nullable HttpUrl validate(List<String> errors) {
    String where = " of appender [" + name + "]";
    if (!dryRun
        && isBlank(inboxUrl)
        && (apiKey == null || apiKey.isBlank() || apiKey.strip().endsWith("_IS_UNDEFINED"))) {
      errors.add(
          "No <apiKey>"
              + where
              + (apiKey != null && apiKey.endsWith("_IS_UNDEFINED") ? " (" + apiKey + ")" : "")
              + ": set it to a Plain machine-user API key, e.g. <apiKey>${PLAIN_API_KEY}</apiKey> with PLAIN_API_KEY in"
              + " the environment, or set <dryRun>true</dryRun> or <inboxUrl>.");
    }
    // Where requests may go is decided in Endpoints, on the host OkHttp will connect to.
    Endpoints.Verdict api = Endpoints.api(apiUrl);
    HttpUrl url = api.url();
    if (!api.ok()) {
      errors.add(
          "Invalid <apiUrl> ["
              + apiUrl
              + "]"
              + where
              + ": "
              + api.problem()
              + " Example: "
              + DEFAULT_API_URL
              + ".");
    }
    if (isBlank(customerEmailMdcKey)) {
      errors.add(
          "<customerEmailMdcKey>"
              + where
              + " is blank: name the MDC key that holds the customer's email.");
    }
    if (isBlank(customerNameMdcKey)) {
      errors.add(
          "<customerNameMdcKey>"
              + where
              + " is blank: name the MDC key that holds the customer's name.");
    }
    for (String id : labelTypeIds) {
      if (id == null || !LABEL_TYPE_ID.matcher(id.strip()).matches()) {
        errors.add(
            "<labelTypeId> ["
                + id
                + "]"
                + where
                + " is not a Plain label type id of the form lt_…");
      }
    }
    if (isBlank(title)
        || title.strip().length() > bound(SettingSpec.TITLE.max())
        || title.indexOf('\n') >= 0) {
      errors.add(
          "<title> ["
              + title
              + "]"
              + where
              + " must be one non-blank line of at most 100 characters.");
    }
    if (priority < bound(SettingSpec.PRIORITY.min())
        || priority > bound(SettingSpec.PRIORITY.max())) {
      errors.add(
          "<priority> "
              + priority
              + where
              + " is outside "
              + SettingSpec.PRIORITY.min()
              + ".."
              + SettingSpec.PRIORITY.max()
              + " (0 urgent, 1 high, 2 normal, 3 low).");
    }
    // Upper bounds keep every value sane and far from overflow (Duration.toNanos() overflows past
    // 292 years; OkHttp refuses timeouts above Integer.MAX_VALUE ms).
    within(errors, SettingSpec.DEDUPE_MAX_ENTRIES, dedupeMaxEntries, where);
    // Rates need no upper bound: any int is safe in the token buckets, and a huge one turns a
    // limit off (as the benchmarks do).
    positive(errors, SettingSpec.MAX_THREADS_PER_MINUTE, maxThreadsPerMinute, where);
    positive(
        errors, SettingSpec.MAX_THREADS_PER_CUSTOMER_PER_HOUR, maxThreadsPerCustomerPerHour, where);
    within(errors, SettingSpec.QUEUE_SIZE, queueSize, where);
    within(errors, SettingSpec.DEDUPE_WINDOW, dedupeWindow, where);
    within(errors, SettingSpec.SHUTDOWN_TIMEOUT, shutdownTimeout, where);
    within(errors, SettingSpec.CONNECT_TIMEOUT, connectTimeout, where);
    within(errors, SettingSpec.REQUEST_TIMEOUT, requestTimeout, where);
    within(errors, SettingSpec.AUTH_FAILURE_BACKOFF, authFailureBackoff, where);
    within(errors, SettingSpec.RECURRENCE_INTERVAL, recurrenceInterval, where);
    if (breadcrumbs < bound(SettingSpec.BREADCRUMBS.min())
        || breadcrumbs > bound(SettingSpec.BREADCRUMBS.max())) {
      errors.add(
          "<breadcrumbs> "
              + breadcrumbs
              + where
              + " must be 0 (off) to "
              + SettingSpec.BREADCRUMBS.max()
              + ".");
    }
    if (isBlank(fingerprintMdcKey)) {
      errors.add(
          "<fingerprintMdcKey>"
              + where
              + " is blank: name the MDC key that may hold a custom fingerprint.");
    }
    for (String p : appPackages) {
      if (p == null || !PACKAGE_NAME.matcher(p).matches()) {
        errors.add(
            "<appPackage> ["
                + p
                + "]"
                + where
                + " is not a Java package name such as com.example.shop.");
      }
    }
    within(errors, SettingSpec.MAX_RETRIES, maxRetries, where);
    if (spoolDirectory != null && !spoolDirectory.isBlank()) {
      try {
        // Usable and private: checked by prepareSpool at start. Error Prone: parsed, not used.
        Path unused = Path.of(spoolDirectory.strip());
      } catch (java.nio.file.InvalidPathException e) {
        errors.add(
            "<spoolDirectory> ["
                + spoolDirectory
                + "]"
                + where
                + " cannot be created or read: "
                + e);
      }
    }
    validateBugContext(errors, where);
    if (spoolMaxSize == null
        || spoolMaxSize.getSize() < bound(SettingSpec.SPOOL_MAX_SIZE.min())
        || spoolMaxSize.getSize() > bound(SettingSpec.SPOOL_MAX_SIZE.max())) {
      errors.add(
          "<spoolMaxSize> "
              + spoolMaxSize
              + where
              + " must be positive and at most 1 GB, e.g. 10 MB.");
    }
    return url;
  }

  /** Issue 19's settings: URL templates, MDC key lists, the link window. */
  private void validateBugContext(List<String> errors, String where) {
    for (String[] t :
        new String[][] {
          {"traceUrlTemplate", traceUrlTemplate}, {"logsUrlTemplate", logsUrlTemplate}
        }) {
      if (!isBlank(t[1])) {
        String problem = TraceLinks.problem(t[1].strip());
        if (problem != null) {
          errors.add("<" + t[0] + "> [" + t[1] + "]" + where + " " + problem);
        }
      }
    }
    if (splitKeys(traceIdMdcKeys).isEmpty()) {
      errors.add(
          "<traceIdMdcKeys>"
              + where
              + " is blank: list the MDC keys of the trace id, e.g. "
              + DEFAULT_TRACE_ID_MDC_KEYS
              + ".");
    }
    if (splitKeys(spanIdMdcKeys).isEmpty()) {
      errors.add(
          "<spanIdMdcKeys>"
              + where
              + " is blank: list the MDC keys of the span id, e.g. "
              + DEFAULT_SPAN_ID_MDC_KEYS
              + ".");
    }
    within(errors, SettingSpec.LINK_TIME_WINDOW, linkTimeWindow, where);
  }

  /** A comma-separated list of MDC keys, blanks dropped. */
  static List<String> splitKeys(@Nullable String keys) {
    List<String> list = new ArrayList<>();
    if (keys != null) {
      for (String k : keys.split(",")) {
        if (!k.isBlank()) {
          list.add(k.strip());
        }
      }
    }
    return list;
  }

  static @Nullable String stripToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private List<ThreadFieldValue> parseThreadFields(List<String> errors) {
    List<ThreadFieldValue> parsed = new ArrayList<>();
    for (ThreadField f : threadFields) {
      try {
        parsed.add(ThreadFieldValue.parse(f.getKey(), f.getType(), f.getValue()));
      } catch (IllegalArgumentException e) {
        errors.add("Invalid <threadField> of appender [" + name + "]: " + e.getMessage());
      }
    }
    return parsed;
  }

  private List<Pattern> compileRedactions(List<String> errors) {
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : redactPatterns) {
      try {
        if (regex == null || regex.isEmpty()) {
          throw new PatternSyntaxException("empty pattern", String.valueOf(regex), 0);
        }
        patterns.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        errors.add(
            "Invalid <redact> regex ["
                + regex
                + "] of appender ["
                + name
                + "]: "
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + ".");
      }
    }
    return patterns;
  }

  /** An int setting outside its declared bounds, e.g. "must be 1 to 100000". */
  private static void within(List<String> errors, SettingSpec spec, long value, String where) {
    if (value < bound(spec.min()) || value > bound(spec.max())) {
      errors.add(
          "<"
              + spec.element()
              + "> "
              + value
              + where
              + " must be "
              + spec.min()
              + " to "
              + spec.max()
              + ".");
    }
  }

  /** A rate: no upper bound. */
  private static void positive(List<String> errors, SettingSpec spec, long value, String where) {
    if (value < bound(spec.min())) {
      errors.add("<" + spec.element() + "> " + value + where + " must be positive.");
    }
  }

  /** A duration setting that is not positive or above its declared maximum. */
  private static void within(List<String> errors, SettingSpec spec, Duration value, String where) {
    java.time.Duration max = java.time.Duration.ofMillis(bound(spec.max()));
    if (value == null
        || value.getMilliseconds() < bound(spec.min())
        || value.getMilliseconds() > bound(spec.max())) {
      errors.add(
          "<"
              + spec.element()
              + "> "
              + value
              + where
              + " must be a positive duration of at most "
              + (max.toDays() > 1
                  ? max.toDays() + " days"
                  : max.toDays() == 1 ? "1 day" : max.toMinutes() + " minutes")
              + ", e.g. 10 seconds.");
    }
  }

  /** The local inbox URL (null when unset); only loopback hosts are accepted. */
  private @Nullable HttpUrl validateInbox(List<String> errors) {
    if (inboxUrl == null || inboxUrl.isBlank()) {
      return null;
    }
    Endpoints.Verdict inbox = Endpoints.inbox(inboxUrl);
    if (!inbox.ok()) {
      errors.add(
          "Invalid <inboxUrl> [" + inboxUrl + "] of appender [" + name + "]: " + inbox.problem());
    }
    return inbox.url();
  }

  static java.time.Duration toJava(Duration d) {
    return java.time.Duration.ofMillis(d.getMilliseconds());
  }

  /** A bound the setting declares: validation reads only the bounds a setting has. */
  private static long bound(@Nullable Long declared) {
    return Objects.requireNonNull(declared, "no such bound in SettingSpec");
  }

  static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  // ---------------------------------------------------------------- the elements (setters only
  // store)

  /** Plain machine-user API key; required. Normally {@code ${PLAIN_API_KEY}}. Never printed. */
  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  public String getApiUrl() {
    return apiUrl;
  }

  /**
   * Plain's GraphQL endpoint. Defaults to {@value #DEFAULT_API_URL}; plain http only for loopback
   * hosts.
   */
  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  public String getCustomerEmailMdcKey() {
    return customerEmailMdcKey;
  }

  /**
   * MDC key holding the signed-in customer's email. Defaults to {@value
   * #DEFAULT_CUSTOMER_EMAIL_MDC_KEY}.
   */
  public void setCustomerEmailMdcKey(String customerEmailMdcKey) {
    this.customerEmailMdcKey = customerEmailMdcKey;
  }

  public String getCustomerNameMdcKey() {
    return customerNameMdcKey;
  }

  /**
   * MDC key holding the customer's full name, used when Plain creates the customer (falls back to
   * the email). Defaults to {@value #DEFAULT_CUSTOMER_NAME_MDC_KEY}.
   */
  public void setCustomerNameMdcKey(String customerNameMdcKey) {
    this.customerNameMdcKey = customerNameMdcKey;
  }

  public List<String> getLabelTypeIds() {
    return List.copyOf(labelTypeIds);
  }

  /** Repeatable: a Plain label type id ({@code lt_…}) attached to every thread. */
  public void addLabelTypeId(String labelTypeId) {
    this.labelTypeIds.add(labelTypeId == null ? null : labelTypeId.strip());
  }

  public String getTitle() {
    return title;
  }

  /** Title prefix. Defaults to {@value #DEFAULT_TITLE}. */
  public void setTitle(String title) {
    this.title = title;
  }

  public int getPriority() {
    return priority;
  }

  /** Thread priority, 0 (urgent) to 3 (low). Defaults to {@value #DEFAULT_PRIORITY} (normal). */
  public void setPriority(int priority) {
    this.priority = priority;
  }

  /** Repeatable: a thread field set on every thread. */
  public void addThreadField(ThreadField threadField) {
    this.threadFields.add(threadField);
  }

  public Duration getDedupeWindow() {
    return dedupeWindow;
  }

  /**
   * Same fingerprint and customer inside this window creates no new thread. Defaults to {@value
   * #DEFAULT_DEDUPE_WINDOW}.
   */
  public void setDedupeWindow(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  public int getDedupeMaxEntries() {
    return dedupeMaxEntries;
  }

  /** Size bound of the dedupe cache. Defaults to {@value #DEFAULT_DEDUPE_MAX_ENTRIES}. */
  public void setDedupeMaxEntries(int dedupeMaxEntries) {
    this.dedupeMaxEntries = dedupeMaxEntries;
  }

  public int getMaxThreadsPerMinute() {
    return maxThreadsPerMinute;
  }

  /**
   * Threads created per minute, all customers together. Defaults to {@value
   * #DEFAULT_MAX_THREADS_PER_MINUTE}.
   */
  public void setMaxThreadsPerMinute(int maxThreadsPerMinute) {
    this.maxThreadsPerMinute = maxThreadsPerMinute;
  }

  public int getMaxThreadsPerCustomerPerHour() {
    return maxThreadsPerCustomerPerHour;
  }

  /**
   * Threads created per customer per hour. Defaults to {@value
   * #DEFAULT_MAX_THREADS_PER_CUSTOMER_PER_HOUR}.
   */
  public void setMaxThreadsPerCustomerPerHour(int maxThreadsPerCustomerPerHour) {
    this.maxThreadsPerCustomerPerHour = maxThreadsPerCustomerPerHour;
  }

  public int getQueueSize() {
    return queueSize;
  }

  /**
   * Reports waiting for delivery; a full queue drops new ones. Defaults to {@value
   * #DEFAULT_QUEUE_SIZE}.
   */
  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * The most {@code stop()} spends delivering what is queued. Defaults to {@value
   * #DEFAULT_SHUTDOWN_TIMEOUT}.
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** HTTP connect timeout. Defaults to {@value #DEFAULT_CONNECT_TIMEOUT}. */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** HTTP read/write timeout of one request. Defaults to {@value #DEFAULT_REQUEST_TIMEOUT}. */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public boolean isDryRun() {
    return dryRun;
  }

  /**
   * Build and check every request, report it through status at INFO (throttled like every status
   * line), send nothing and never use the key, whatever {@code apiUrl} says. Defaults to false.
   */
  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public int getMaxRetries() {
    return maxRetries;
  }

  /**
   * Retries per report for what may succeed later (I/O errors, timeouts, 429, 5xx, INTERNAL), with
   * exponential backoff and full jitter (base 500 ms, cap 30 s). Defaults to {@value
   * #DEFAULT_MAX_RETRIES}.
   */
  public void setMaxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  public Duration getRecurrenceInterval() {
    return recurrenceInterval;
  }

  /**
   * Repeats of an error inside the dedupe window are added to its thread as one "Happened again"
   * event at most this often. Defaults to {@value #DEFAULT_RECURRENCE_INTERVAL}.
   */
  public void setRecurrenceInterval(Duration recurrenceInterval) {
    this.recurrenceInterval = recurrenceInterval;
  }

  public int getBreadcrumbs() {
    return breadcrumbs;
  }

  /**
   * How many log lines (INFO and above, same thread, same customer) before an error the thread
   * shows; 0 turns breadcrumbs off. Defaults to {@value #DEFAULT_BREADCRUMBS}.
   */
  public void setBreadcrumbs(int breadcrumbs) {
    this.breadcrumbs = breadcrumbs;
  }

  public List<String> getRedactPatterns() {
    return List.copyOf(redactPatterns);
  }

  /** Repeatable: a regex whose matches are replaced by [REDACTED] in everything sent to Plain. */
  public void addRedact(String regex) {
    this.redactPatterns.add(regex);
  }

  public boolean isRedactDefaults() {
    return redactDefaults;
  }

  /**
   * Whether the built-in redaction rules (one table in {@code Redactor}, listed in
   * docs/security.md) apply. Defaults to true.
   */
  public void setRedactDefaults(boolean redactDefaults) {
    this.redactDefaults = redactDefaults;
  }

  public List<String> getAppPackages() {
    return List.copyOf(appPackages);
  }

  /**
   * Repeatable: a package whose frames are the application's. When set, only application frames and
   * exception types make the fingerprint, the title names the first application frame, and
   * framework frames are folded.
   */
  public void addAppPackage(String appPackage) {
    this.appPackages.add(appPackage == null ? null : appPackage.strip());
  }

  public String getFingerprintMdcKey() {
    return fingerprintMdcKey;
  }

  /**
   * MDC key whose value, when present, replaces the computed fingerprint. Defaults to {@value
   * #DEFAULT_FINGERPRINT_MDC_KEY}.
   */
  public void setFingerprintMdcKey(String fingerprintMdcKey) {
    this.fingerprintMdcKey = fingerprintMdcKey;
  }

  public Duration getAuthFailureBackoff() {
    return authFailureBackoff;
  }

  /**
   * After Plain refuses the key (401, 403, FORBIDDEN), how long to send nothing before one request
   * probes again. Defaults to {@value #DEFAULT_AUTH_FAILURE_BACKOFF}.
   */
  public void setAuthFailureBackoff(Duration authFailureBackoff) {
    this.authFailureBackoff = authFailureBackoff;
  }

  public @Nullable String getInboxUrl() {
    return inboxUrl;
  }

  /**
   * A local inbox (a loopback {@code http://} URL, e.g. {@code http://127.0.0.1:4780/graphql/v1})
   * that receives the requests instead of Plain, with a placeholder key: never the real one. When
   * set, nothing goes to Plain and no key is needed; with {@code dryRun} too, requests still go to
   * the inbox. Unset by default.
   */
  public void setInboxUrl(@Nullable String inboxUrl) {
    this.inboxUrl = inboxUrl;
  }

  public @Nullable String getRequestIdMdcKey() {
    return requestIdMdcKey;
  }

  /**
   * The MDC key of a per-request id (e.g. {@code traceId}); when set, a new value starts a new
   * breadcrumb trail. Unset by default.
   */
  public void setRequestIdMdcKey(@Nullable String requestIdMdcKey) {
    this.requestIdMdcKey = requestIdMdcKey;
  }

  public @Nullable String getSpoolDirectory() {
    return spoolDirectory;
  }

  /**
   * A private directory where reports that cannot be delivered now are kept until Plain answers
   * again, across restarts. Unset (the default): reports live only in memory.
   */
  public void setSpoolDirectory(@Nullable String spoolDirectory) {
    this.spoolDirectory = spoolDirectory;
  }

  public FileSize getSpoolMaxSize() {
    return spoolMaxSize;
  }

  /**
   * The spool's size limit; the oldest reports go first. Defaults to {@value
   * #DEFAULT_SPOOL_MAX_SIZE}.
   */
  public void setSpoolMaxSize(FileSize spoolMaxSize) {
    this.spoolMaxSize = spoolMaxSize;
  }

  // ---------------------------------------------------------------- issue 19

  public @Nullable String getFingerprintThreadField() {
    return fingerprintThreadField;
  }

  /**
   * The key of a STRING thread field (it must exist in the workspace) that every thread carries its
   * fingerprint in, so any instance, after any restart, finds the bug's threads of other customers
   * through Plain. Unset (the default): the bug's reach is counted from this process's own threads.
   */
  public void setFingerprintThreadField(@Nullable String fingerprintThreadField) {
    this.fingerprintThreadField = fingerprintThreadField;
  }

  public String getTraceIdMdcKeys() {
    return traceIdMdcKeys;
  }

  /**
   * Comma-separated MDC keys of the trace id, first match wins. Defaults to {@value
   * #DEFAULT_TRACE_ID_MDC_KEYS}.
   */
  public void setTraceIdMdcKeys(String traceIdMdcKeys) {
    this.traceIdMdcKeys = traceIdMdcKeys;
  }

  public String getSpanIdMdcKeys() {
    return spanIdMdcKeys;
  }

  /**
   * Comma-separated MDC keys of the span id, first match wins. Defaults to {@value
   * #DEFAULT_SPAN_ID_MDC_KEYS}.
   */
  public void setSpanIdMdcKeys(String spanIdMdcKeys) {
    this.spanIdMdcKeys = spanIdMdcKeys;
  }

  public @Nullable String getTraceUrlTemplate() {
    return traceUrlTemplate;
  }

  /**
   * An http(s) URL with placeholders ({traceId}, {spanId}, {requestId}, {service}, {from}, {to},
   * {fromIso}, {toIso}, {fromSeconds}, {toSeconds}); the thread starts with a "Trace" link to it
   * when the error has a trace id. Unset by default. See docs/trace-links.md.
   */
  public void setTraceUrlTemplate(@Nullable String traceUrlTemplate) {
    this.traceUrlTemplate = traceUrlTemplate;
  }

  public @Nullable String getLogsUrlTemplate() {
    return logsUrlTemplate;
  }

  /**
   * As {@code traceUrlTemplate}, for the "Logs" link. Unset by default. See docs/trace-links.md.
   */
  public void setLogsUrlTemplate(@Nullable String logsUrlTemplate) {
    this.logsUrlTemplate = logsUrlTemplate;
  }

  public Duration getLinkTimeWindow() {
    return linkTimeWindow;
  }

  /**
   * The links' {from} and {to} are the error's time minus and plus this. Defaults to {@value
   * #DEFAULT_LINK_TIME_WINDOW}.
   */
  public void setLinkTimeWindow(Duration linkTimeWindow) {
    this.linkTimeWindow = linkTimeWindow;
  }

  public @Nullable String getServiceName() {
    return serviceName;
  }

  /**
   * The service's name in every thread. Unset (the default): the main jar's manifest's {@code
   * Implementation-Title}, if any.
   */
  public void setServiceName(@Nullable String serviceName) {
    this.serviceName = serviceName;
  }

  public @Nullable String getServiceVersion() {
    return serviceVersion;
  }

  /**
   * The release in every thread and "Happened again" event. Unset (the default): the main jar's
   * manifest's {@code Implementation-Version}, if any.
   */
  public void setServiceVersion(@Nullable String serviceVersion) {
    this.serviceVersion = serviceVersion;
  }

  public @Nullable String getEnvironment() {
    return environment;
  }

  /** The environment (e.g. production) in every thread. Unset by default. */
  public void setEnvironment(@Nullable String environment) {
    this.environment = environment;
  }

  public @Nullable String getServiceThreadField() {
    return serviceThreadField;
  }

  /** The key of a STRING thread field set to the service name. Unset by default. */
  public void setServiceThreadField(@Nullable String serviceThreadField) {
    this.serviceThreadField = serviceThreadField;
  }

  public @Nullable String getVersionThreadField() {
    return versionThreadField;
  }

  /** The key of a STRING thread field set to the version. Unset by default. */
  public void setVersionThreadField(@Nullable String versionThreadField) {
    this.versionThreadField = versionThreadField;
  }

  public @Nullable String getEnvironmentThreadField() {
    return environmentThreadField;
  }

  /** The key of a STRING thread field set to the environment. Unset by default. */
  public void setEnvironmentThreadField(@Nullable String environmentThreadField) {
    this.environmentThreadField = environmentThreadField;
  }
}
