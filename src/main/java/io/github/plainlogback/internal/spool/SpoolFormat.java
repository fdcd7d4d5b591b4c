package io.github.plainlogback.internal.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ServiceIdentity;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A spool file's content: one redacted {@link ErrorReport} as JSON, with a {@code format} version.
 * The report, not the composed request, is stored: whether it becomes a new thread, a successor of
 * a done one or a "Happened again" event depends on what Plain holds when it is finally delivered.
 */
public final class SpoolFormat {
  /** Bumped when a field changes meaning; a file of a newer format is set aside, never guessed. */
  public static final int VERSION = 1;

  private final ObjectMapper json;
  private final ServiceIdentity processIdentity;

  public SpoolFormat(ObjectMapper json) {
    this(json, ServiceIdentity.UNKNOWN);
  }

  /**
   * @param processIdentity stored with live reports, so a newer release replaying them still says
   *     which version they happened in
   */
  public SpoolFormat(ObjectMapper json, ServiceIdentity processIdentity) {
    this.json = json;
    this.processIdentity = processIdentity;
  }

  /** Thrown for a file that is not a complete report of a format we know. */
  public static final class UnreadableException extends Exception {
    UnreadableException(String message) {
      super(message);
    }
  }

  /** What a spool file holds: the report, and whether Plain may already have it. */
  public record Entry(ErrorReport report, boolean mayHaveReachedPlain) {}

  /**
   * @param mayHaveReachedPlain a createThread for it got no answer: on replay, a thread found under
   *     its external id is taken as this report's own, not as an earlier one
   */
  public byte[] write(ErrorReport r, boolean mayHaveReachedPlain) throws IOException {
    ObjectNode root = json.createObjectNode();
    root.put("format", VERSION);
    if (mayHaveReachedPlain) {
      root.put("mayHaveReachedPlain", true);
    }
    root.put("fingerprint", r.fingerprintHex());
    root.put("customerEmail", r.customerEmail());
    root.put("customerName", r.customerName());
    root.put("loggerName", r.loggerName());
    root.put("threadName", r.threadName());
    root.put("timestampMillis", r.timestampMillis());
    root.put("message", r.message());
    if (r.request() != null) {
      root.put("request", r.request());
    }
    ObjectNode mdc = root.putObject("mdc");
    r.mdc().forEach(mdc::put);
    if (r.throwable() != null) {
      root.set("throwable", throwable(r.throwable()));
    }
    // Added in issue 19 without a format bump: an older reader ignores it, and a file without it
    // reads back with no identity of its own.
    ServiceIdentity id = r.identity() == null ? processIdentity : r.identity();
    if (!id.isUnknown()) {
      ObjectNode identity = root.putObject("identity");
      identity.put("service", id.service());
      identity.put("version", id.version());
      identity.put("environment", id.environment());
    }
    ArrayNode crumbs = root.putArray("breadcrumbs");
    for (Breadcrumb b : r.breadcrumbs()) {
      crumbs
          .addObject()
          .put("timestampMillis", b.timestampMillis())
          .put("level", b.level())
          .put("loggerName", b.loggerName())
          .put("message", b.message());
    }
    return json.writeValueAsBytes(root);
  }

  private ObjectNode throwable(ThrowableSnapshot t) {
    ObjectNode n = json.createObjectNode();
    n.put("className", t.className());
    n.put("message", t.message());
    ArrayNode frames = n.putArray("frames");
    for (StackTraceElement e : t.frames()) {
      ObjectNode f = frames.addObject();
      f.put("class", e.getClassName());
      f.put("method", e.getMethodName());
      f.put("file", e.getFileName());
      f.put("line", e.getLineNumber());
      if (e.getClassLoaderName() != null) {
        f.put("loader", e.getClassLoaderName());
      }
      if (e.getModuleName() != null) {
        f.put("module", e.getModuleName());
        f.put("moduleVersion", e.getModuleVersion());
      }
    }
    n.put("commonFrames", t.commonFrames());
    if (t.cause() != null) {
      n.set("cause", throwable(t.cause()));
    }
    ArrayNode suppressed = n.putArray("suppressed");
    t.suppressed().forEach(s -> suppressed.add(throwable(s)));
    n.put("omittedCauses", t.omittedCauses());
    n.put("cyclic", t.cyclic());
    return n;
  }

  public Entry read(byte[] bytes) throws UnreadableException {
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (IOException e) {
      // not the parser's message: it quotes the content, which may hold customer data
      throw new UnreadableException(
          "not complete JSON (truncated?): " + e.getClass().getSimpleName());
    }
    if (root == null || !root.isObject()) {
      throw new UnreadableException("not a JSON object");
    }
    int format = root.path("format").asInt(-1);
    if (format != VERSION) {
      throw new UnreadableException(
          "format " + root.path("format") + ", this version reads format " + VERSION);
    }
    try {
      Map<String, String> mdc = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("mdc").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        mdc.put(e.getKey(), e.getValue().asText());
      }
      List<Breadcrumb> crumbs = new ArrayList<>();
      for (JsonNode b : root.path("breadcrumbs")) {
        crumbs.add(
            new Breadcrumb(
                b.path("timestampMillis").asLong(),
                required(b, "level"),
                present(b, "loggerName"),
                present(b, "message")));
      }
      ErrorReport report =
          new ErrorReport(
              Long.parseUnsignedLong(required(root, "fingerprint"), 16),
              required(root, "customerEmail"),
              text(root, "customerName"),
              present(root, "loggerName"),
              present(root, "threadName"),
              root.path("timestampMillis").asLong(),
              text(root, "message"),
              Map.copyOf(mdc),
              root.has("throwable") ? throwable(root.get("throwable")) : null,
              List.copyOf(crumbs),
              text(root, "request"),
              root.hasNonNull("identity")
                  ? new ServiceIdentity(
                      text(root.get("identity"), "service"),
                      text(root.get("identity"), "version"),
                      text(root.get("identity"), "environment"))
                  : null);
      return new Entry(report, root.path("mayHaveReachedPlain").asBoolean(false));
    } catch (RuntimeException e) {
      throw new UnreadableException("incomplete report: " + e.getMessage());
    }
  }

  private ThrowableSnapshot throwable(JsonNode n) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (JsonNode f : n.path("frames")) {
      frames.add(
          new StackTraceElement(
              text(f, "loader"),
              text(f, "module"),
              text(f, "moduleVersion"),
              required(f, "class"),
              required(f, "method"),
              text(f, "file"),
              f.path("line").asInt(-1)));
    }
    List<ThrowableSnapshot> suppressed = new ArrayList<>();
    n.path("suppressed").forEach(s -> suppressed.add(throwable(s)));
    return new ThrowableSnapshot(
        required(n, "className"),
        text(n, "message"),
        List.copyOf(frames),
        n.path("commonFrames").asInt(),
        n.hasNonNull("cause") ? throwable(n.get("cause")) : null,
        List.copyOf(suppressed),
        n.path("omittedCauses").asInt(),
        n.path("cyclic").asBoolean());
  }

  /**
   * A field every report has (a file this version wrote always holds it), read like {@link #text}:
   * as null, as before, from a foreign or damaged file that lacks it.
   */
  @SuppressWarnings("NullAway") // unchecked on purpose: setting such a file aside would be new
  private static String present(JsonNode n, String field) {
    return text(n, field);
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode n, String field) {
    String v = text(n, field);
    if (v == null) {
      throw new IllegalArgumentException("no " + field);
    }
    return v;
  }
}
