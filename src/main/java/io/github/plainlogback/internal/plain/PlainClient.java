package io.github.plainlogback.internal.plain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.plainlogback.internal.report.ReportLimits;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Plain's GraphQL endpoint over OkHttp. One instance (one connection pool) per appender. Calls are
 * synchronous on the delivery worker, return a {@link PlainResponse} and never throw. The key is
 * added in exactly one place and never appears in anything this class returns.
 */
public final class PlainClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_REASON_CHARS = 300;

  /** The most of any answer we read: Plain's answers are a few KB; a larger one is a failure. */
  public static final long MAX_RESPONSE_BYTES = 1L << 20;

  private final OkHttpClient http;
  private final HttpUrl url;
  private final ObjectMapper json;
  private final String authorization;
  private final String userAgent;
  private final Clock clock;

  /** Wall-clock time, for turning {@code x-ratelimit-reset} into a wait. Injectable for tests. */
  public interface Clock {
    Instant now();
  }

  public PlainClient(
      HttpUrl url,
      String apiKey,
      Duration connectTimeout,
      Duration requestTimeout,
      ObjectMapper json,
      String version) {
    this(url, apiKey, connectTimeout, requestTimeout, json, version, Instant::now);
  }

  PlainClient(
      HttpUrl url,
      String apiKey,
      Duration connectTimeout,
      Duration requestTimeout,
      ObjectMapper json,
      String version,
      Clock clock) {
    if (!url.isHttps() && !Endpoints.isLoopbackHost(url.host())) {
      // Validated in start() already; this keeps the key off clear-text links whoever calls.
      throw new IllegalArgumentException("plain http:// only to a loopback host: " + url.host());
    }
    this.url = url;
    this.json = json;
    this.clock = clock;
    this.authorization = "Bearer " + apiKey;
    this.userAgent = "plain-logback-appender/" + version;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(requestTimeout)
            .writeTimeout(requestTimeout)
            .callTimeout(requestTimeout.plus(connectTimeout))
            // We decide about retries ourselves: a silently repeated createThread could open a
            // second thread.
            .retryOnConnectionFailure(false)
            // A redirect would re-POST the body (email, stack traces) and the key to wherever
            // Location points, https to http included: a 3xx is a failure, never followed.
            .followRedirects(false)
            .followSslRedirects(false)
            // Modern TLS only; clear text only ever for a loopback URL (see Endpoints).
            .connectionSpecs(
                List.of(url.isHttps() ? ConnectionSpec.MODERN_TLS : ConnectionSpec.CLEARTEXT))
            .connectionPool(new ConnectionPool(1, 1, TimeUnit.MINUTES))
            .build();
  }

  public PlainResponse execute(GraphQlRequest request) {
    byte[] body;
    try {
      ObjectNode envelope = json.createObjectNode();
      envelope.put("operationName", request.operationName());
      envelope.put("query", request.query());
      envelope.set("variables", request.variables());
      body = json.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      return failure(
          PlainResponse.Source.BODY,
          false,
          0,
          null,
          null,
          "could not encode request: " + e.getOriginalMessage(),
          null);
    }
    Request httpRequest =
        new Request.Builder()
            .url(url)
            .header("Authorization", authorization)
            .header("User-Agent", userAgent)
            .header("Accept", "application/json")
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response response = http.newCall(httpRequest).execute()) {
      return interpret(request, response);
    } catch (IOException e) {
      String reason =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return failure(PlainResponse.Source.IO, true, 0, null, null, reason, null);
    }
  }

  private PlainResponse interpret(GraphQlRequest request, Response response) throws IOException {
    String requestId = response.header("apigw-requestid");
    int status = response.code();
    if (status >= 300 && status <= 399) {
      String location = response.header("Location");
      HttpUrl to = location == null ? null : response.request().url().resolve(location);
      String target = to == null ? null : to.scheme() + "://" + to.host();
      return failure(
          PlainResponse.Source.HTTP,
          false,
          status,
          null,
          null,
          "redirect"
              + (target == null ? "" : " to " + target)
              + " not followed: the endpoint must answer itself (check <apiUrl>)",
          requestId);
    }
    String text = readBounded(response.body());
    if (text == null) {
      return failure(
          PlainResponse.Source.BODY,
          status == 429 || status >= 500,
          status,
          null,
          null,
          "answer larger than " + MAX_RESPONSE_BYTES + " bytes, not read",
          requestId);
    }
    JsonNode root = parse(text);

    if (status < 200 || status > 299) {
      boolean retryable = status == 429 || status >= 500;
      String message = root != null ? firstErrorMessage(root) : null;
      String code = root != null ? firstErrorCode(root) : null;
      if (message == null) {
        message =
            response.message().isEmpty() ? snippet(text) : response.message() + snippetSuffix(text);
      }
      Duration retryAfter = status == 429 || status == 503 ? retryAfter(response) : null;
      return new PlainResponse.Failure(
          PlainResponse.Source.HTTP,
          retryable,
          status,
          code,
          null,
          message,
          List.of(),
          retryAfter,
          requestId);
    }
    if (root == null || !root.isObject()) {
      return failure(
          PlainResponse.Source.BODY,
          true,
          status,
          null,
          null,
          "not a JSON object: " + snippet(text),
          requestId);
    }
    JsonNode errors = root.get("errors");
    if (errors != null && errors.isArray() && !errors.isEmpty()) {
      boolean retryable = false;
      for (JsonNode e : errors) {
        retryable |= "INTERNAL_SERVER_ERROR".equals(e.path("extensions").path("code").asText(null));
      }
      return failure(
          PlainResponse.Source.GRAPHQL,
          retryable,
          status,
          firstErrorCode(root),
          null,
          joinedMessages(errors),
          requestId);
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject() || !data.has(request.field())) {
      return failure(
          PlainResponse.Source.BODY,
          true,
          status,
          null,
          null,
          "no data." + request.field() + " in the answer",
          requestId);
    }
    JsonNode result = data.get(request.field());
    JsonNode error = result.path("error");
    if (error.isObject()) {
      String type = error.path("type").asText(null);
      List<String> fields = new ArrayList<>();
      for (JsonNode f : error.path("fields")) {
        fields.add(
            f.path("field").asText()
                + ": "
                + f.path("message").asText()
                + " ("
                + f.path("type").asText()
                + ")");
      }
      return new PlainResponse.Failure(
          PlainResponse.Source.MUTATION,
          "INTERNAL".equals(type),
          status,
          error.path("code").asText(null),
          type,
          error.path("message").asText(null),
          List.copyOf(fields),
          null,
          requestId);
    }
    return new PlainResponse.Success(result, requestId);
  }

  /** The body as text, or null when it is larger than {@link #MAX_RESPONSE_BYTES}. */
  private static @Nullable String readBounded(ResponseBody body) throws IOException {
    if (body == null) {
      return "";
    }
    if (body.contentLength() > MAX_RESPONSE_BYTES) {
      return null; // said so up front: not even start reading it
    }
    BufferedSource source = body.source();
    // request() buffers up to the limit plus one byte and stops there, however long the stream.
    if (source.request(MAX_RESPONSE_BYTES + 1)) {
      return null;
    }
    MediaType type = body.contentType();
    Charset charset = type == null ? null : type.charset();
    return source.readString(charset == null ? StandardCharsets.UTF_8 : charset);
  }

  /**
   * {@code Retry-After} in seconds (or an HTTP date), else {@code x-ratelimit-reset} (ISO-8601),
   * else null.
   */
  private @Nullable Duration retryAfter(Response response) {
    String retryAfter = response.header("Retry-After");
    if (retryAfter != null) {
      try {
        long seconds = Long.parseLong(retryAfter.strip());
        if (seconds >= 0) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException ignored) {
        // HTTP-date form: fall through to the reset header rather than parse RFC 1123 dates here.
      }
    }
    String reset = response.header("x-ratelimit-reset");
    if (reset != null) {
      try {
        Duration wait = Duration.between(clock.now(), Instant.parse(reset.strip()));
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
    return null;
  }

  private @Nullable JsonNode parse(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static @Nullable String firstErrorMessage(JsonNode root) {
    JsonNode errors = root.path("errors");
    return errors.isArray() && !errors.isEmpty() ? joinedMessages(errors) : null;
  }

  private static @Nullable String firstErrorCode(JsonNode root) {
    JsonNode errors = root.path("errors");
    return errors.isArray() && !errors.isEmpty()
        ? errors.get(0).path("extensions").path("code").asText(null)
        : null;
  }

  private static String joinedMessages(JsonNode errors) {
    StringBuilder s = new StringBuilder();
    for (JsonNode e : errors) {
      if (s.length() > 0) {
        s.append("; ");
      }
      s.append(e.path("message").asText("(no message)"));
    }
    return ReportLimits.cap(s.toString(), MAX_REASON_CHARS);
  }

  private static String snippet(String text) {
    if (text.isBlank()) {
      return "(empty body)";
    }
    String oneLine = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    return oneLine.isEmpty() ? "(markup only)" : ReportLimits.cap(oneLine, 120);
  }

  private static String snippetSuffix(String text) {
    return text.isBlank() ? "" : " (" + snippet(text) + ")";
  }

  private static PlainResponse.Failure failure(
      PlainResponse.Source source,
      boolean retryable,
      int status,
      @Nullable String code,
      @Nullable String type,
      @Nullable String message,
      @Nullable String requestId) {
    return new PlainResponse.Failure(
        source, retryable, status, code, type, message, List.of(), null, requestId);
  }

  /** Visible for testing: the HTTP client as configured (redirects, connection specs). */
  OkHttpClient http() {
    return http;
  }

  /** Cancels calls in flight (shutdown), so a hanging Plain cannot hold {@code stop()} up. */
  public void cancelAll() {
    http.dispatcher().cancelAll();
  }

  @Override
  public void close() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
