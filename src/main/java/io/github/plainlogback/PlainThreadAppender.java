package io.github.plainlogback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.admission.Decision;
import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.compose.Redactor;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadFieldValue;
import io.github.plainlogback.internal.compose.ThreadSettings;
import io.github.plainlogback.internal.delivery.DeliveryCounters;
import io.github.plainlogback.internal.delivery.DeliveryWorker;
import io.github.plainlogback.internal.delivery.DryRunDelivery;
import io.github.plainlogback.internal.delivery.PlainThreadDelivery;
import io.github.plainlogback.internal.delivery.ReportDelivery;
import io.github.plainlogback.internal.delivery.RetryPolicy;
import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.plain.Endpoints;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.plain.PlainRequests;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.status.StatusSink;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import okhttp3.HttpUrl;

/**
 * Turns ERROR events that carry a signed-in customer's email (in the SLF4J MDC) into "Bug Report"
 * threads in Plain.
 *
 * <p><b>On the logging thread</b> the appender only reads: an event below ERROR returns at once
 * (or, with breadcrumbs on, is remembered in a fixed per-thread ring); an ERROR without a valid
 * email under {@code customerEmailMdcKey} is counted and skipped. Otherwise the error is
 * fingerprinted (exception classes and frames, see the README's "How errors are grouped"), and a
 * repeat of the same fingerprint for the same customer inside {@code dedupeWindow} is only counted,
 * to be told to Plain later as one "Happened again" event. A new one must pass two token buckets,
 * {@code maxThreadsPerMinute} for all customers and {@code maxThreadsPerCustomerPerHour} for each;
 * what they refuse is counted, not queued. What passes is copied into an immutable report and
 * offered to a bounded queue of {@code queueSize}; a full queue drops the report and counts it.
 * Nothing on this path blocks, does I/O or throws.
 *
 * <p><b>On one daemon worker</b> (thread {@code plain-appender-<name>}) each report is redacted and
 * delivered: the customer is upserted by email, Plain is asked whether the error already has a
 * thread (then it gets an event, or a successor thread if the old one is done), and otherwise
 * {@code createThread} opens one. What may succeed later (I/O, timeouts, 429, 5xx, INTERNAL) is
 * retried up to {@code maxRetries} times with exponential backoff and full jitter, honouring
 * Plain's Retry-After; a refused key stops all sending for {@code authFailureBackoff}. Failures are
 * reported through Logback's status manager, throttled, with Plain's message and request id and
 * never the API key or a full email address.
 *
 * <p><b>On {@code stop()}</b> the appender stops accepting, delivers what is queued (and the
 * aggregated repeats) for at most {@code shutdownTimeout}, cancels what is still in flight, closes
 * its HTTP client and reports how many reports were left. Logback's {@code <shutdownHook/>} element
 * makes that happen when the JVM exits. {@code start()} after {@code stop()} works, as Logback's
 * reconfiguration requires.
 */
public class PlainThreadAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
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

  /**
   * How often one kind of status warning may repeat; in between, occurrences are counted into the
   * next one.
   */
  static final java.time.Duration STATUS_INTERVAL = java.time.Duration.ofMinutes(1);

  private static final Pattern LABEL_TYPE_ID = Pattern.compile("lt_[0-9A-Za-z]+");
  private static final Pattern PACKAGE_NAME =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final String OWN_PACKAGE = "io.github.plainlogback";

  /** The placeholder key sent to the local inbox instead of the real one. */
  private static final String INBOX_KEY = "plainApiKey_inbox";

  private static final String OKHTTP_PACKAGE = "okhttp3";

  private String apiKey;
  private String apiUrl = DEFAULT_API_URL;
  private String customerEmailMdcKey = DEFAULT_CUSTOMER_EMAIL_MDC_KEY;
  private String customerNameMdcKey = DEFAULT_CUSTOMER_NAME_MDC_KEY;
  private final List<String> labelTypeIds = new ArrayList<>();
  private String title = DEFAULT_TITLE;
  private int priority = DEFAULT_PRIORITY;
  private final List<ThreadField> threadFields = new ArrayList<>();
  private Duration dedupeWindow = Duration.valueOf(DEFAULT_DEDUPE_WINDOW);
  private int dedupeMaxEntries = DEFAULT_DEDUPE_MAX_ENTRIES;
  private int maxThreadsPerMinute = DEFAULT_MAX_THREADS_PER_MINUTE;
  private int maxThreadsPerCustomerPerHour = DEFAULT_MAX_THREADS_PER_CUSTOMER_PER_HOUR;
  private int queueSize = DEFAULT_QUEUE_SIZE;
  private Duration shutdownTimeout = Duration.valueOf(DEFAULT_SHUTDOWN_TIMEOUT);
  private Duration connectTimeout = Duration.valueOf(DEFAULT_CONNECT_TIMEOUT);
  private Duration requestTimeout = Duration.valueOf(DEFAULT_REQUEST_TIMEOUT);
  private boolean dryRun;
  private int maxRetries = DEFAULT_MAX_RETRIES;
  private Duration authFailureBackoff = Duration.valueOf(DEFAULT_AUTH_FAILURE_BACKOFF);
  private Duration recurrenceInterval = Duration.valueOf(DEFAULT_RECURRENCE_INTERVAL);
  private int breadcrumbs = DEFAULT_BREADCRUMBS;
  private final List<String> redactPatterns = new ArrayList<>();
  private boolean redactDefaults = true;
  private final List<String> appPackages = new ArrayList<>();
  private String fingerprintMdcKey = DEFAULT_FINGERPRINT_MDC_KEY;
  private String inboxUrl;
  private String requestIdMdcKey;
  private String spoolDirectory;
  private FileSize spoolMaxSize = FileSize.valueOf(DEFAULT_SPOOL_MAX_SIZE);

  private Ticker ticker = Ticker.systemTicker();
  private java.time.Duration retryBase = RetryPolicy.DEFAULT_BASE;
  private java.time.Duration retryCap = RetryPolicy.DEFAULT_CAP;
  private final DeliveryCounters counters = new DeliveryCounters();

  /**
   * Everything that exists only while started; replaced as a whole so {@code append} sees one
   * consistent set.
   */
  private record Engine(
      LogbackEventCapture capture,
      BreadcrumbTrail trail,
      ReportAdmission admission,
      DeliveryWorker worker,
      PlainClient client,
      ThrottledStatus status,
      ObjectName mbeanName) {}

  private volatile Engine engine;

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    List<String> errors = new ArrayList<>();
    HttpUrl url = validate(errors);
    HttpUrl inbox = validateInbox(errors);
    List<ThreadFieldValue> fields = parseThreadFields(errors);
    List<Pattern> redactions = compileRedactions(errors);
    if (!errors.isEmpty()) {
      errors.forEach(this::addError);
      addError(
          "Appender ["
              + name
              + "] did not start: "
              + errors.size()
              + " configuration error(s) above.");
      return;
    }
    ThrottledStatus status = new ThrottledStatus(statusSink(), ticker, STATUS_INTERVAL);
    ObjectMapper json = new ObjectMapper();
    PlainRequests requests = new PlainRequests(json);
    AppPackages app = new AppPackages(appPackages);
    ThreadComposer composer =
        new ThreadComposer(
            new ThreadSettings(title.strip(), labelTypeIds, fields, priority, hostName(), app),
            new Redactor(redactDefaults, redactions));
    String instanceId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    PlainClient client = null;
    ReportDelivery delivery;
    // The real key goes only to <apiUrl>, and only when neither dryRun nor an inbox is set. The
    // inbox (examples/demo's LocalPlain) is its own switch and gets a placeholder key: a dryRun
    // pointed at a loopback egress proxy can no longer become live delivery.
    if (inbox != null) {
      client =
          new PlainClient(
              inbox, INBOX_KEY, toJava(connectTimeout), toJava(requestTimeout), json, version());
      delivery = new PlainThreadDelivery(client, requests, composer, status, instanceId);
    } else if (dryRun) {
      delivery = new DryRunDelivery(requests, composer, status, json);
    } else {
      client =
          new PlainClient(
              url, apiKey.strip(), toJava(connectTimeout), toJava(requestTimeout), json, version());
      delivery = new PlainThreadDelivery(client, requests, composer, status, instanceId);
    }
    PlainClient clientToCancel = client;
    BreadcrumbTrail trail = breadcrumbs > 0 ? new BreadcrumbTrail(breadcrumbs) : null;
    ReportAdmission admission =
        new ReportAdmission(
            toJava(dedupeWindow),
            dedupeMaxEntries,
            maxThreadsPerMinute,
            maxThreadsPerCustomerPerHour,
            ticker);
    DeliveryWorker worker =
        new DeliveryWorker(
            "plain-appender-" + name,
            queueSize,
            delivery,
            counters,
            status,
            new DeliveryWorker.Policy(
                new RetryPolicy(maxRetries, retryBase, retryCap),
                toJava(authFailureBackoff),
                toJava(recurrenceInterval),
                instanceId),
            ticker,
            admission,
            () -> {
              if (clientToCancel != null) {
                clientToCancel.cancelAll();
              }
            },
            trail == null
                ? null
                : new DeliveryWorker.Chore(BreadcrumbTrail.IDLE_LIMIT, trail::sweep));
    engine =
        new Engine(
            new LogbackEventCapture(
                customerEmailMdcKey, customerNameMdcKey, fingerprintMdcKey.strip(), app),
            trail,
            admission,
            worker,
            client,
            status,
            registerMBean());
    super.start(); // marked started before the worker runs, as AsyncAppenderBase does
    worker.start();
    addInfo(
        "Appender ["
            + name
            + "] sends Bug Report threads to "
            + (inbox != null
                ? "the local inbox " + inbox + " (never to Plain)"
                : dryRun ? "nowhere (dryRun)" : url.toString())
            + " for ERROR events with MDC key ["
            + customerEmailMdcKey
            + "].");
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop(); // no new events from here on
    Engine e = engine;
    engine = null;
    if (e == null) {
      return;
    }
    int left = e.worker().stop(toJava(shutdownTimeout));
    if (e.trail() != null) {
      e.trail().forgetAll();
    }
    if (e.client() != null) {
      e.client().close();
    }
    unregisterMBean(e.mbeanName());
    if (left > 0) {
      addWarn(
          left
              + " error report(s) not sent to Plain: stop() ran out of <shutdownTimeout> "
              + shutdownTimeout
              + ".");
    }
  }

  /** Collects every configuration error; returns the parsed URL (null if invalid). */
  private HttpUrl validate(List<String> errors) {
    String where = " of appender [" + name + "]";
    if (!dryRun
        && isBlank(inboxUrl)
        && (isBlank(apiKey) || apiKey.strip().endsWith("_IS_UNDEFINED"))) {
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
    if (isBlank(title) || title.strip().length() > 100 || title.indexOf('\n') >= 0) {
      errors.add(
          "<title> ["
              + title
              + "]"
              + where
              + " must be one non-blank line of at most 100 characters.");
    }
    if (priority < 0 || priority > 3) {
      errors.add(
          "<priority> "
              + priority
              + where
              + " is outside 0..3 (0 urgent, 1 high, 2 normal, 3 low).");
    }
    positive(errors, "dedupeMaxEntries", dedupeMaxEntries, where);
    positive(errors, "maxThreadsPerMinute", maxThreadsPerMinute, where);
    positive(errors, "maxThreadsPerCustomerPerHour", maxThreadsPerCustomerPerHour, where);
    positive(errors, "queueSize", queueSize, where);
    positive(errors, "dedupeWindow", dedupeWindow, where);
    positive(errors, "shutdownTimeout", shutdownTimeout, where);
    positive(errors, "connectTimeout", connectTimeout, where);
    positive(errors, "requestTimeout", requestTimeout, where);
    positive(errors, "authFailureBackoff", authFailureBackoff, where);
    positive(errors, "recurrenceInterval", recurrenceInterval, where);
    if (breadcrumbs < 0 || breadcrumbs > MAX_BREADCRUMBS) {
      errors.add(
          "<breadcrumbs> " + breadcrumbs + where + " must be 0 (off) to " + MAX_BREADCRUMBS + ".");
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
    if (maxRetries < 0) {
      errors.add("<maxRetries> " + maxRetries + where + " must be 0 or more.");
    }
    return url;
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

  private static void positive(List<String> errors, String element, long value, String where) {
    if (value <= 0) {
      errors.add("<" + element + "> " + value + where + " must be positive.");
    }
  }

  private static void positive(List<String> errors, String element, Duration value, String where) {
    if (value == null || value.getMilliseconds() <= 0) {
      errors.add(
          "<" + element + "> " + value + where + " must be a positive duration, e.g. 10 seconds.");
    }
  }

  /** The local inbox URL (null when unset); only loopback hosts are accepted. */
  private HttpUrl validateInbox(List<String> errors) {
    if (isBlank(inboxUrl)) {
      return null;
    }
    Endpoints.Verdict inbox = Endpoints.inbox(inboxUrl);
    if (!inbox.ok()) {
      errors.add(
          "Invalid <inboxUrl> [" + inboxUrl + "] of appender [" + name + "]: " + inbox.problem());
    }
    return inbox.url();
  }

  // ---------------------------------------------------------------- logging path

  @Override
  protected void append(ILoggingEvent event) {
    Engine e = engine;
    if (e == null) {
      return;
    }
    int level = event.getLevel().levelInt;
    if (level >= Level.ERROR_INT) {
      appendError(event, e);
    } else if (level >= Level.INFO_INT && e.trail() != null) {
      // Kept apart from the error path so this, the path every INFO line takes, stays small
      // enough for the JIT to inline whole.
      try {
        e.trail().remember(event, customerEmailMdcKey);
      } catch (RuntimeException ex) {
        e.status().warn("capture-failed", "Could not record a breadcrumb: " + ex);
      }
    }
  }

  private void appendError(ILoggingEvent event, Engine e) {
    try {
      Map<String, String> mdc = event.getMDCPropertyMap();
      String raw = mdc == null ? null : mdc.get(customerEmailMdcKey);
      if (isOwnEvent(event, e)) {
        return;
      }
      if (raw == null || raw.isBlank()) {
        counters.skippedNoEmail.increment();
        return;
      }
      captureError(event, raw, e);
      if (e.trail() != null) {
        e.trail().record(event, raw); // an error is a breadcrumb for the errors after it
      }
    } catch (RuntimeException ex) {
      // Never let a bad event reach the caller; say what happened once in a while.
      e.status().warn("capture-failed", "Could not capture an ERROR event: " + ex);
    }
  }

  private void captureError(ILoggingEvent event, String raw, Engine e) {
    String email = EmailAddresses.normalize(raw);
    if (email == null) {
      counters.skippedInvalidEmail.increment();
      e.status()
          .warn(
              "invalid-email",
              () ->
                  "Skipped an ERROR event from logger ["
                      + event.getLoggerName()
                      + "]: MDC ["
                      + customerEmailMdcKey
                      + "] holds "
                      + EmailAddresses.mask(raw)
                      + ", which is not a valid email address.");
      return;
    }
    counters.captured.increment();
    long fingerprint = e.capture().fingerprint(event);
    Decision decision =
        e.admission()
            .admit(
                fingerprint,
                email,
                event.getTimeStamp(),
                event::getFormattedMessage,
                e.worker().hasRoom());
    switch (decision) {
      case DUPLICATE -> counters.deduplicated.increment();
      case RATE_LIMITED_GLOBAL, RATE_LIMITED_CUSTOMER -> {
        counters.rateLimited.increment();
        e.status()
            .warn(
                decision.name(),
                () ->
                    decision == Decision.RATE_LIMITED_GLOBAL
                        ? "Not creating a Plain thread: <maxThreadsPerMinute> "
                            + maxThreadsPerMinute
                            + " reached."
                        : "Not creating a Plain thread for "
                            + EmailAddresses.mask(email)
                            + ": <maxThreadsPerCustomerPerHour> "
                            + maxThreadsPerCustomerPerHour
                            + " reached.");
      }
      case QUEUE_FULL -> dropQueueFull(e);
      case ADMIT -> {
        List<Breadcrumb> crumbs = e.trail() == null ? List.of() : e.trail().lines(raw);
        ErrorReport report = e.capture().snapshot(event, fingerprint, email, crumbs);
        if (!e.worker().offer(report)) { // filled up since the check above
          e.admission().release(fingerprint, email);
          dropQueueFull(e);
        }
      }
    }
  }

  private void dropQueueFull(Engine e) {
    counters.droppedQueueFull.increment();
    e.status()
        .warn(
            "queue-full",
            () ->
                "Dropped an error report: the queue of <queueSize> "
                    + queueSize
                    + " is full (Plain slow or unreachable?).");
  }

  private static boolean isOwnEvent(ILoggingEvent event, Engine e) {
    String logger = event.getLoggerName();
    return Thread.currentThread() == e.worker().thread()
        || logger != null && (logger.startsWith(OWN_PACKAGE) || logger.startsWith(OKHTTP_PACKAGE));
  }

  // ---------------------------------------------------------------- helpers

  private StatusSink statusSink() {
    return new StatusSink() {
      @Override
      public void info(String message) {
        addInfo(message);
      }

      @Override
      public void warn(String message) {
        addWarn(message);
      }

      @Override
      public void error(String message) {
        addError(message);
      }
    };
  }

  private String hostName() {
    String host = System.getenv("HOSTNAME");
    if (isBlank(host) && getContext() != null) {
      host = getContext().getProperty(CoreConstants.HOSTNAME_KEY);
    }
    return isBlank(host) ? "unknown" : host;
  }

  private static String version() {
    String v = PlainThreadAppender.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static java.time.Duration toJava(Duration d) {
    return java.time.Duration.ofMillis(d.getMilliseconds());
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * What happened so far: captured, skipped, deduplicated, rate-limited, dropped, delivered,
   * failed, pending.
   */
  public PlainAppenderCounters getCounters() {
    Engine e = engine;
    return e == null
        ? counters.snapshot(0, 0, 0)
        : counters.snapshot(e.worker().queueDepth(), e.worker().inFlight(), 0);
  }

  /**
   * Visible for testing: the time source of dedupe, rate limits, auth cool-down and throttling. Set
   * before start().
   */
  void setTicker(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Test seam: sweeps of quiet threads' breadcrumb trails so far (0 when stopped or off). */
  long breadcrumbSweeps() {
    Engine e = engine;
    return e == null || e.trail() == null ? 0 : e.trail().sweeps();
  }

  /**
   * Visible for testing: the backoff base and cap (defaults 500 ms and 30 s). Set before start().
   */
  void setRetryBackoff(java.time.Duration base, java.time.Duration cap) {
    this.retryBase = base;
    this.retryCap = cap;
  }

  // ---------------------------------------------------------------- JMX

  private ObjectName registerMBean() {
    try {
      String contextName =
          getContext() == null || getContext().getName() == null
              ? "default"
              : getContext().getName();
      ObjectName objectName =
          new ObjectName(
              "io.github.plainlogback:type=PlainThreadAppender,context="
                  + ObjectName.quote(contextName)
                  + ",name="
                  + ObjectName.quote(String.valueOf(name)));
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(objectName)) {
        server.unregisterMBean(
            objectName); // a previous start of the same appender name in the same context
      }
      server.registerMBean(new CountersMXBean(), objectName);
      return objectName;
    } catch (JMException | RuntimeException e) {
      addWarn(
          "Could not register the JMX MBean of appender ["
              + name
              + "]; counters stay readable in code: "
              + e);
      return null;
    }
  }

  private void unregisterMBean(ObjectName objectName) {
    if (objectName == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
    } catch (JMException | RuntimeException e) {
      addWarn("Could not unregister the JMX MBean " + objectName + ": " + e);
    }
  }

  /** Reads the live counters; the MBean stays registered only while the appender is started. */
  private final class CountersMXBean implements PlainAppenderMXBean {
    private PlainAppenderCounters now() {
      return getCounters();
    }

    @Override
    public long getCaptured() {
      return counters.captured.sum();
    }

    @Override
    public long getSkippedNoEmail() {
      return counters.skippedNoEmail.sum();
    }

    @Override
    public long getSkippedInvalidEmail() {
      return counters.skippedInvalidEmail.sum();
    }

    @Override
    public long getDeduplicated() {
      return counters.deduplicated.sum();
    }

    @Override
    public long getRateLimited() {
      return counters.rateLimited.sum();
    }

    @Override
    public long getDroppedQueueFull() {
      return counters.droppedQueueFull.sum();
    }

    @Override
    public long getDroppedAuthCooldown() {
      return counters.droppedAuth.sum();
    }

    @Override
    public long getDroppedShutdown() {
      return counters.droppedShutdown.sum();
    }

    @Override
    public long getDelivered() {
      return counters.delivered.sum();
    }

    @Override
    public long getFailed() {
      return counters.failed.sum();
    }

    @Override
    public long getRetried() {
      return counters.retried.sum();
    }

    @Override
    public long getThreadEvents() {
      return counters.threadEvents.sum();
    }

    @Override
    public int getQueueDepth() {
      return now().queueDepth();
    }
  }

  // ---------------------------------------------------------------- configuration (setters only
  // store)

  /** Plain machine-user API key; required. Normally {@code ${PLAIN_API_KEY}}. Never printed. */
  public void setApiKey(String apiKey) {
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
   * Whether the built-in redactions (tokens, passwords, JWTs, AWS keys, card numbers) apply.
   * Defaults to true.
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

  // Settings below are declared ahead of their behaviour (issues 9 and 10); start() rejects what is
  // not implemented yet, so no one relies on a setting that does nothing.

  public String getInboxUrl() {
    return inboxUrl;
  }

  /**
   * A local inbox (a loopback {@code http://} URL, e.g. {@code http://127.0.0.1:4780/graphql/v1})
   * that receives the requests instead of Plain, with a placeholder key: never the real one. When
   * set, nothing goes to Plain and no key is needed; with {@code dryRun} too, requests still go to
   * the inbox. Unset by default.
   */
  public void setInboxUrl(String inboxUrl) {
    this.inboxUrl = inboxUrl;
  }

  public String getRequestIdMdcKey() {
    return requestIdMdcKey;
  }

  /**
   * The MDC key of a per-request id (e.g. {@code traceId}); when set, a new value starts a new
   * breadcrumb trail. Unset by default.
   */
  public void setRequestIdMdcKey(String requestIdMdcKey) {
    this.requestIdMdcKey = requestIdMdcKey;
  }

  public String getSpoolDirectory() {
    return spoolDirectory;
  }

  /**
   * A private directory where reports that cannot be delivered now are kept until Plain answers
   * again, across restarts. Unset (the default): reports live only in memory.
   */
  public void setSpoolDirectory(String spoolDirectory) {
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
}
