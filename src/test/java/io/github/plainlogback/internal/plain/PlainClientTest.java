package io.github.plainlogback.internal.plain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How every kind of answer from Plain is classified. A raw MockWebServer, not the stand-in for
 * Plain (test-support's PlainStandIn): this is the HTTP client's wire behaviour, one scripted
 * answer per case.
 */
@Timeout(20)
class PlainClientTest {
  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private PlainClient client;
  private final Instant now = Instant.parse("2026-01-06T15:29:00Z");

  @BeforeEach
  void start() throws Exception {
    server.start();
    client =
        new PlainClient(
            server.url("/graphql/v1"),
            "plainApiKey_secret",
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            json,
            "test",
            () -> now);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private PlainResponse send() {
    return client.execute(new PlainRequests(json).upsertCustomer("a@example.com", "A"));
  }

  private static MockResponse answer(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("apigw-requestid", "rid-1")
        .body(body)
        .build();
  }

  @Test
  void successUnwrapsTheMutationResultAndSendsKeyAndBody() throws Exception {
    server.enqueue(
        answer(
            200,
            "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\"c_1\"},\"error\":null}}}"));
    PlainResponse r = send();
    assertThat(r).isInstanceOf(PlainResponse.Success.class);
    assertThat(((PlainResponse.Success) r).result().path("customer").path("id").asText())
        .isEqualTo("c_1");
    RecordedRequest req = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer plainApiKey_secret");
    assertThat(req.getHeaders().get("Content-Type")).startsWith("application/json");
    var body = json.readTree(req.getBody().utf8());
    assertThat(body.path("operationName").asText()).isEqualTo("upsertCustomer");
    assertThat(body.path("query").asText()).isEqualTo(PlainRequests.UPSERT_CUSTOMER);
    assertThat(
            body.path("variables").path("input").path("identifier").path("emailAddress").asText())
        .isEqualTo("a@example.com");
  }

  @Test
  void mutationErrorIsAFailureRetryableOnlyWhenInternal() {
    server.enqueue(
        answer(
            200,
            "{\"data\":{\"upsertCustomer\":{\"customer\":null,\"error\":{\"message\":\"bad\",\"type\":\"VALIDATION\",\"code\":\"input_validation\",\"fields\":[{\"field\":\"onCreate.fullName\",\"message\":\"required\",\"type\":\"REQUIRED\"}]}}}}"));
    server.enqueue(
        answer(
            200,
            "{\"data\":{\"upsertCustomer\":{\"customer\":null,\"error\":{\"message\":\"oops\",\"type\":\"INTERNAL\",\"code\":\"internal\",\"fields\":[]}}}}"));
    server.enqueue(
        answer(
            200,
            "{\"data\":{\"upsertCustomer\":{\"customer\":null,\"error\":{\"message\":\"Missing permission customer:create\",\"type\":\"FORBIDDEN\",\"code\":\"forbidden\",\"fields\":[]}}}}"));
    PlainResponse.Failure validation = (PlainResponse.Failure) send();
    assertThat(validation.source()).isEqualTo(PlainResponse.Source.MUTATION);
    assertThat(validation.retryable()).isFalse();
    assertThat(validation.fieldErrors()).containsExactly("onCreate.fullName: required (REQUIRED)");
    assertThat(validation.describe())
        .isEqualTo(
            "MutationError VALIDATION [input_validation]: bad [onCreate.fullName: required (REQUIRED)] (apigw-requestid rid-1)");
    assertThat(((PlainResponse.Failure) send()).retryable()).isTrue();
    PlainResponse.Failure forbidden = (PlainResponse.Failure) send();
    assertThat(forbidden.retryable()).isFalse();
    assertThat(forbidden.isAuthFailure()).isTrue();
  }

  @Test
  void graphQlErrorsArrayIsAFailure() {
    server.enqueue(
        answer(
            200,
            "{\"errors\":[{\"message\":\"Cannot query field x\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}"));
    server.enqueue(
        answer(
            200,
            "{\"errors\":[{\"message\":\"boom\",\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}],\"data\":null}"));
    PlainResponse.Failure f = (PlainResponse.Failure) send();
    assertThat(f.source()).isEqualTo(PlainResponse.Source.GRAPHQL);
    assertThat(f.code()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(f.retryable()).isFalse();
    assertThat(((PlainResponse.Failure) send()).retryable()).isTrue();
  }

  @Test
  void httpStatusesAreClassified() {
    server.enqueue(
        answer(
            401,
            "{\"errors\":[{\"message\":\"Authentication failed\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}"));
    server.enqueue(answer(400, "{\"errors\":[{\"message\":\"Malformed\"}]}"));
    server.enqueue(answer(503, ""));
    PlainResponse.Failure unauthorized = (PlainResponse.Failure) send();
    assertThat(unauthorized.isAuthFailure()).isTrue();
    assertThat(unauthorized.retryable()).isFalse();
    assertThat(unauthorized.message()).isEqualTo("Authentication failed");
    assertThat(((PlainResponse.Failure) send()).retryable()).isFalse();
    PlainResponse.Failure unavailable = (PlainResponse.Failure) send();
    assertThat(unavailable.retryable()).isTrue();
    assertThat(unavailable.httpStatus()).isEqualTo(503);
  }

  @Test
  void rateLimitCarriesRetryAfterOrTheResetTime() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "2")
            .body(
                "{\"errors\":[{\"message\":\"Too Many Requests - Rate limit exceeded\",\"extensions\":{\"code\":\"RATE_LIMITED\"}}]}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("x-ratelimit-reset", "2026-01-06T15:30:00.000Z")
            .body("Too Many Requests")
            .build());
    PlainResponse.Failure first = (PlainResponse.Failure) send();
    assertThat(first.isRateLimited()).isTrue();
    assertThat(first.retryable()).isTrue();
    assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(first.code()).isEqualTo("RATE_LIMITED");
    PlainResponse.Failure second = (PlainResponse.Failure) send();
    assertThat(second.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(second.message()).contains("Too Many Requests");
  }

  @Test
  void nonJsonBodiesAreRetryableWithAReadableReason() {
    server.enqueue(answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    server.enqueue(answer(200, ""));
    server.enqueue(answer(200, "<html>maintenance</html>"));
    PlainResponse.Failure gateway = (PlainResponse.Failure) send();
    assertThat(gateway.retryable()).isTrue();
    assertThat(gateway.describe())
        .contains("HTTP 502")
        .contains("502 Bad Gateway")
        .doesNotContain("<h1>");
    PlainResponse.Failure empty = (PlainResponse.Failure) send();
    assertThat(empty.source()).isEqualTo(PlainResponse.Source.BODY);
    assertThat(empty.retryable()).isTrue();
    assertThat(empty.message()).contains("(empty body)");
    assertThat(((PlainResponse.Failure) send()).message()).contains("maintenance");
  }

  @Test
  void noAnswerIsARetryableIoFailure() {
    server.close();
    PlainResponse.Failure f = (PlainResponse.Failure) send();
    assertThat(f.source()).isEqualTo(PlainResponse.Source.IO);
    assertThat(f.retryable()).isTrue();
    assertThat(f.describe()).startsWith("no answer: ").doesNotContain("plainApiKey_secret");
  }

  @Test
  void documentsSelectOnlyWhatTheMinimalPermissionsAllow() {
    assertThat(PlainRequests.CREATE_THREAD)
        .contains("thread { id ref }")
        .doesNotContain("customer {");
    assertThat(PlainRequests.ALL_DOCUMENTS).allMatch(d -> !d.contains("..."));
    assertThat(List.of(PlainRequests.UPSERT_CUSTOMER, PlainRequests.CREATE_THREAD))
        .allMatch(d -> d.contains("error { message type code fields { field message type } }"));
  }

  @Test
  void aRedirectIsAFailureAndIsNeverFollowed() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(307)
              .addHeader("Location", elsewhere.url("/steal").toString())
              .build());
      PlainResponse r = send();
      assertThat(r).isInstanceOf(PlainResponse.Failure.class);
      PlainResponse.Failure f = (PlainResponse.Failure) r;
      assertThat(f.retryable()).isFalse();
      assertThat(f.httpStatus()).isEqualTo(307);
      assertThat(f.message()).contains("redirect").contains("not followed");
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(elsewhere.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void anAnswerLargerThanOneMebibyteIsAFailureNotAnOutOfMemoryError() {
    String huge = "{\"data\":{\"upsertCustomer\":\"" + "x".repeat(2 << 20) + "\"}}";
    server.enqueue(answer(200, huge));
    PlainResponse r = send();
    assertThat(r).isInstanceOf(PlainResponse.Failure.class);
    assertThat(((PlainResponse.Failure) r).message())
        .contains("larger than " + PlainClient.MAX_RESPONSE_BYTES + " bytes");
  }

  @Test
  void aChunkedAnswerLargerThanOneMebibyteIsCutOffToo() {
    server.enqueue(
        new MockResponse.Builder().code(200).chunkedBody("y".repeat(2 << 20), 64 * 1024).build());
    PlainResponse r = send();
    assertThat(((PlainResponse.Failure) r).message()).contains("larger than");
  }

  @Test
  void plainHttpToARemoteHostIsRefusedByTheClientItself() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PlainClient(
                    okhttp3.HttpUrl.get("http://127.0.0.1.nip.io/graphql/v1"),
                    "plainApiKey_secret",
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    json,
                    "test"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void httpsUsesModernTlsOnlyAndClearTextIsOnlyForLoopback() {
    try (PlainClient remote =
        new PlainClient(
            okhttp3.HttpUrl.get("https://core-api.uk.plain.com/graphql/v1"),
            "plainApiKey_secret",
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            json,
            "test")) {
      assertThat(remote.http().connectionSpecs())
          .containsExactly(okhttp3.ConnectionSpec.MODERN_TLS);
      assertThat(remote.http().followRedirects()).isFalse();
      assertThat(remote.http().followSslRedirects()).isFalse();
    }
    assertThat(client.http().connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
  }
}
