package io.github.plainlogback.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension's promise: a fresh stand-in per test, and a test fails on an invalid call. */
class PlainStandInExtensionTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final String VALID =
      "{\"operationName\":\"upsertCustomer\",\"query\":\"mutation upsertCustomer($input:"
          + " UpsertCustomerInput!) { upsertCustomer(input: $input) { result customer { id } } }\","
          + "\"variables\":{\"input\":{\"identifier\":{\"emailAddress\":\"ann@example.com\"},"
          + "\"onCreate\":{\"fullName\":\"ann\",\"email\":{\"email\":\"ann@example.com\","
          + "\"isVerified\":false}},\"onUpdate\":{}}}}";
  private static final String INVALID =
      "{\"operationName\":\"upsertCustomer\",\"query\":\"mutation upsertCustomer {"
          + " upsertCustomer(input: {}) { noSuchField } }\"}";

  static String post(String url, String body) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = HTTP.newCall(request).execute()) {
      return response.body().string();
    }
  }

  @RegisterExtension final PlainStandInExtension plain = PlainStandInExtension.checkingSchema();

  @Test
  void theStandInIsAParameterAndTheFieldsOne(PlainStandIn standIn) throws IOException {
    assertThat(standIn).isSameAs(plain.standIn());
    assertThat(post(plain.url(), VALID)).contains("\"customer\":{\"id\":\"c_1\"}");
    assertThat(standIn.customerId("ann@example.com")).isEqualTo("c_1");
    assertThat(standIn.schemaViolations()).isEmpty();
  }

  @Test
  void aThreadTellsWhoseItIsAndThePingIsNoCall(PlainStandIn standIn) throws Exception {
    post(standIn.url(), VALID);
    post(
        standIn.url(),
        "{\"operationName\":\"createThread\",\"query\":\"mutation createThread($input:"
            + " CreateThreadInput!) { createThread(input: $input) { thread { id } } }\","
            + "\"variables\":{\"input\":{\"customerIdentifier\":{\"customerId\":\"c_1\"},"
            + "\"title\":\"Bug Report\",\"components\":[{\"componentText\":{\"text\":\"x\"}}]}}}");
    assertThat(standIn.nextCall(5).operation()).isEqualTo("upsertCustomer");
    assertThat(standIn.nextCall(5).operation()).isEqualTo("createThread");
    var input = standIn.nextThreadInput(5);
    assertThat(input.path("title").asText()).isEqualTo("Bug Report");
    assertThat(standIn.customerOf(input)).isEqualTo("ann@example.com");
    assertThat(standIn.schemaViolations()).isEmpty();
    int calls = standIn.calls().size();
    Request ping = new Request.Builder().url(standIn.pingUrl()).build();
    try (Response response = HTTP.newCall(ping).execute()) {
      assertThat(response.code()).isEqualTo(204);
    }
    assertThat(standIn.calls()).hasSize(calls);
  }

  @Test
  void everyTestGetsAFreshStandIn(PlainStandIn standIn) {
    assertThat(standIn.calls()).isEmpty();
    assertThat(standIn.customerId("ann@example.com")).isNull();
  }

  @Test
  void aTestWhoseCallsBreakTheSchemaFailsThoughItsOwnAssertionsPass() {
    TestExecutionSummary summary = run(SendsAnInvalidCall.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not validate against Plain's schema")
        .hasMessageContaining("upsertCustomer");
  }

  @Test
  void theStandInIsClosedAfterTheTest() {
    TestExecutionSummary summary = run(RemembersItsUrl.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(RemembersItsUrl.urls).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> post(RemembersItsUrl.urls.get(0), VALID))
        .isInstanceOf(IOException.class);
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request().selectors(selectClass(testClass)).build(), listener);
    return listener.getSummary();
  }

  /** Run by the tests above through the launcher (surefire skips nested classes). */
  static class SendsAnInvalidCall {
    @RegisterExtension final PlainStandInExtension plain = PlainStandInExtension.checkingSchema();

    @Test
    void sendsAValidCall() throws IOException {
      assertThat(post(plain.url(), VALID)).contains("c_1");
    }

    @Test
    void sendsAnInvalidCall() throws IOException {
      assertThat(post(plain.url(), INVALID)).contains("GRAPHQL_VALIDATION_FAILED");
    }
  }

  /** Run through the launcher: keeps its stand-in's URL for after the test. */
  static class RemembersItsUrl {
    static final List<String> urls = new ArrayList<>();

    @RegisterExtension final PlainStandInExtension plain = PlainStandInExtension.plain();

    @Test
    void remembers() {
      urls.add(plain.url());
    }
  }
}
