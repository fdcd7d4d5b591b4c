package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.ErrorReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The "Trace" and "Logs" links a thread starts with: trace and span ids read from the report's MDC
 * (the event's own map, which is where the OpenTelemetry and Datadog agents put them), filled into
 * URL templates. Pure; runs on the delivery worker.
 */
public final class TraceLinks {
  /** Micrometer Tracing (Spring Boot), OpenTelemetry (agent and logback-mdc), Datadog. */
  public static final List<String> DEFAULT_TRACE_ID_KEYS =
      List.of("traceId", "trace_id", "dd.trace_id");

  public static final List<String> DEFAULT_SPAN_ID_KEYS =
      List.of("spanId", "span_id", "dd.span_id");

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

  /** Every placeholder a template may use. */
  public static final List<String> PLACEHOLDERS =
      List.of(
          "traceId",
          "spanId",
          "requestId",
          "service",
          "from",
          "to",
          "fromIso",
          "toIso",
          "fromSeconds",
          "toSeconds");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");

  /**
   * What an id must look like to be put into a link: tracing ids are hex, decimal or UUID-like; a
   * misconfigured key must not carry a secret or customer data into a URL.
   */
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z._:-]{1,128}");

  public static final TraceLinks NONE =
      new TraceLinks(null, null, List.of(), List.of(), null, DEFAULT_WINDOW);

  private final @Nullable String traceTemplate;
  private final @Nullable String logsTemplate;
  private final List<String> traceIdKeys;
  private final List<String> spanIdKeys;
  private final @Nullable String requestIdKey;
  private final long windowMillis;

  /**
   * @param traceTemplate checked by {@link #problem}; null for no "Trace" link
   * @param logsTemplate checked by {@link #problem}; null for no "Logs" link
   * @param requestIdKey the MDC key of the request id, or null
   * @param window {from}/{to} are the error's time minus and plus this
   */
  public TraceLinks(
      @Nullable String traceTemplate,
      @Nullable String logsTemplate,
      List<String> traceIdKeys,
      List<String> spanIdKeys,
      @Nullable String requestIdKey,
      Duration window) {
    this.traceTemplate = traceTemplate;
    this.logsTemplate = logsTemplate;
    this.traceIdKeys = List.copyOf(traceIdKeys);
    this.spanIdKeys = List.copyOf(spanIdKeys);
    this.requestIdKey = requestIdKey;
    this.windowMillis = window.toMillis();
  }

  /**
   * Why {@code template} cannot be used (not an absolute http(s) URL, an unknown placeholder), or
   * null when it can.
   */
  public static @Nullable String problem(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sample = new StringBuilder();
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        return "has the unknown placeholder {" + m.group(1) + "}; known are " + names() + ".";
      }
      m.appendReplacement(sample, "x");
    }
    m.appendTail(sample);
    URI uri;
    try {
      uri = new URI(sample.toString().replace(" ", "%20"));
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getReason() + ".";
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      return "must be an absolute http:// or https:// URL, e.g."
          + " https://grafana.example.com/explore?... with {traceId}.";
    }
    return null;
  }

  private static String names() {
    StringBuilder s = new StringBuilder();
    for (String p : PLACEHOLDERS) {
      s.append(s.length() == 0 ? "" : ", ").append('{').append(p).append('}');
    }
    return s.toString();
  }

  public boolean isOff() {
    return traceTemplate == null && logsTemplate == null;
  }

  /** The trace id of the report, under the first key that holds a plausible one, or null. */
  public @Nullable String traceId(ErrorReport report) {
    return first(report.mdc(), traceIdKeys);
  }

  /**
   * The links line ({@code [Trace](…) · [Logs](…)}) as Plain markdown, or null when no link can be
   * made: a trace link needs a trace id; a logs link needs nothing but its template.
   *
   * @param unredacted the report as captured: ids are read from it because a redaction rule (e.g.
   *     card numbers) may mask a decimal Datadog id; {@link #ID} keeps anything else out
   */
  public @Nullable String markdown(ErrorReport unredacted, @Nullable String service) {
    if (isOff()) {
      return null;
    }
    Map<String, String> mdc = unredacted.mdc();
    String traceId = first(mdc, traceIdKeys);
    String spanId = first(mdc, spanIdKeys);
    String requestId = requestIdKey == null ? null : plausible(mdc.get(requestIdKey));
    long t = unredacted.timestampMillis();
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "from", Long.toString(t - windowMillis),
                "to", Long.toString(t + windowMillis),
                "fromIso", Instant.ofEpochMilli(t - windowMillis).toString(),
                "toIso", Instant.ofEpochMilli(t + windowMillis).toString(),
                "fromSeconds", Long.toString((t - windowMillis) / 1000),
                "toSeconds", Long.toString((t + windowMillis) / 1000)));
    put(values, "traceId", traceId);
    put(values, "spanId", spanId);
    put(values, "requestId", requestId);
    put(values, "service", service);
    StringBuilder line = new StringBuilder();
    String trace = traceId == null ? null : fill(traceTemplate, values);
    if (trace != null) {
      line.append("[Trace](").append(trace).append(')');
    }
    String logs = fill(logsTemplate, values);
    if (logs != null) {
      line.append(line.length() == 0 ? "" : " · ").append("[Logs](").append(logs).append(')');
    }
    return line.length() == 0 ? null : line.toString();
  }

  private static void put(Map<String, String> values, String key, @Nullable String value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  /**
   * The template with every placeholder replaced by its URL-encoded value; null when the template
   * is unset or names a value this report does not have (a link to the wrong place helps nobody).
   */
  static @Nullable String fill(@Nullable String template, Map<String, String> values) {
    if (template == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 64);
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        return null;
      }
      // %20, not +: inside a path or a fragment a + is a plus.
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
    }
    m.appendTail(out);
    // Plain's markdown ends a link at ')': escape the ones the template itself has.
    return out.toString().replace("(", "%28").replace(")", "%29");
  }

  private static @Nullable String first(Map<String, String> mdc, List<String> keys) {
    for (String k : keys) {
      String v = plausible(mdc.get(k));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static @Nullable String plausible(@Nullable String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    // An all-zero id is OpenTelemetry's "no span": no trace to link to.
    return ID.matcher(s).matches() && !s.chars().allMatch(c -> c == '0' || c == '-') ? s : null;
  }
}
