package io.github.plainlogback.test.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local stand-in checks what it receives as Plain would, and its inbox shows what support would
 * see.
 */
@Timeout(30)
class LocalPlainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalPlain plain = LocalPlain.start(0);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    plain.close();
  }

  private HttpResponse<String> post(String body, boolean auth) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(plain.graphqlUrl()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth) {
      r.header("Authorization", "Bearer plainApiKey_test");
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The appender's documents (its PlainRequests; the core's contract test checks those). */
  private static final String ERROR = "error { message type code fields { field message type } }";

  private static final Map<String, String> DOCUMENTS =
      Map.of(
          "upsertCustomer",
          "mutation upsertCustomer($input: UpsertCustomerInput!) {"
              + " upsertCustomer(input: $input) { result customer { id } "
              + ERROR
              + " } }",
          "createThread",
          "mutation createThread($input: CreateThreadInput!) {"
              + " createThread(input: $input) { thread { id ref } "
              + ERROR
              + " } }",
          "threadByExternalId",
          "query threadByExternalId($customerId: ID!, $externalId: ID!) {"
              + " threadByExternalId(customerId: $customerId, externalId: $externalId)"
              + " { id ref status } }",
          "bugThreads",
          "query bugThreads($filters: ThreadsFilter, $sortBy: ThreadsSort, $first: Int) {"
              + " threads(filters: $filters, sortBy: $sortBy, first: $first) {"
              + " totalCount edges { node { id ref } } } }",
          "createThreadLink",
          "mutation createThreadLink($input: CreateThreadLinkInput!) {"
              + " createThreadLink(input: $input) { threadLink { id } "
              + ERROR
              + " } }",
          "deleteEverything",
          "mutation deleteEverything { deleteEverything }");

  private JsonNode call(String operation, String variables) throws Exception {
    return call(operation, DOCUMENTS.get(operation), variables);
  }

  private JsonNode call(String operation, String document, String variables) throws Exception {
    HttpResponse<String> response =
        post(
            JSON.writeValueAsString(
                Map.of(
                    "operationName",
                    operation,
                    "query",
                    document,
                    "variables",
                    JSON.readTree(variables))),
            true);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
    return JSON.readTree(response.body());
  }

  private String customer() throws Exception {
    JsonNode upsert =
        call(
            "upsertCustomer",
            "{\"input\":{\"identifier\":{\"emailAddress\":\"jane@example.com\"},\"onCreate\":{\"fullName\":\"Jane\","
                + "\"email\":{\"email\":\"jane@example.com\",\"isVerified\":false}},\"onUpdate\":{}}}");
    return upsert.path("data").path("upsertCustomer").path("customer").path("id").asText();
  }

  private static String thread(String customerId, String plainText, String externalId) {
    return "{\"input\":{\"customerIdentifier\":{\"customerId\":\""
        + customerId
        + "\"},\"title\":\"Bug Report: x\","
        + "\"components\":[{\"componentText\":{\"text\":\"**Payment** failed, see [docs](https://example.com) and a\\\\_b\"}},"
        + "{\"componentPlainText\":{\"plainText\":\""
        + plainText
        + "\"}},{\"componentDivider\":{\"dividerSpacingSize\":\"M\"}}],"
        + "\"labelTypeIds\":[\"lt_1\"],\"priority\":1,\"externalId\":\""
        + externalId
        + "\"}}";
  }

  @Test
  void refusesCallsWithoutAKey() throws Exception {
    HttpResponse<String> response =
        post("{\"operationName\":\"upsertCustomer\",\"query\":\"\",\"variables\":{}}", false);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("UNAUTHENTICATED");
  }

  @Test
  void upsertThenCreateThenFindByExternalId() throws Exception {
    String customerId = customer();
    assertThat(customerId).matches("c_[0-9A-Z]{26}");
    assertThat(customer()).as("the same email is the same customer").isEqualTo(customerId);
    JsonNode created = call("createThread", thread(customerId, "at a.B.c(B.java:1)", "fp1"));
    String threadId = created.path("data").path("createThread").path("thread").path("id").asText();
    assertThat(threadId).startsWith("th_");
    JsonNode found =
        call(
            "threadByExternalId", "{\"customerId\":\"" + customerId + "\",\"externalId\":\"fp1\"}");
    assertThat(found.path("data").path("threadByExternalId").path("id").asText())
        .isEqualTo(threadId);
    assertThat(found.path("data").path("threadByExternalId").path("status").asText())
        .isEqualTo("TODO");
    JsonNode again = call("createThread", thread(customerId, "x", "fp1"));
    assertThat(
            again
                .path("data")
                .path("createThread")
                .path("error")
                .path("fields")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("externalId");
    JsonNode none =
        call(
            "threadByExternalId",
            "{\"customerId\":\"" + customerId + "\",\"externalId\":\"nope\"}");
    assertThat(none.path("data").path("threadByExternalId").isNull()).isTrue();
  }

  @Test
  void linksAThreadToTheBugsFirstAndFindsThreadsByTheFingerprintField() throws Exception {
    String jane = customer();
    String bob =
        call(
                "upsertCustomer",
                "{\"input\":{\"identifier\":{\"emailAddress\":\"bob@example.com\"},\"onCreate\":{\"fullName\":\"Bob\","
                    + "\"email\":{\"email\":\"bob@example.com\",\"isVerified\":false}},\"onUpdate\":{}}}")
            .path("data")
            .path("upsertCustomer")
            .path("customer")
            .path("id")
            .asText();
    String withField =
        thread(jane, "x", "fp9")
            .replace(
                "\"priority\":1",
                "\"priority\":1,\"threadFields\":[{\"key\":\"fp\",\"type\":\"STRING\",\"stringValue\":\"fp9\"}]");
    String first =
        call("createThread", withField)
            .path("data")
            .path("createThread")
            .path("thread")
            .path("id")
            .asText();
    String second =
        call("createThread", thread(bob, "x", "fp9"))
            .path("data")
            .path("createThread")
            .path("thread")
            .path("id")
            .asText();

    JsonNode found =
        call(
            "bugThreads",
            "{\"filters\":{\"threadFields\":[{\"key\":\"fp\",\"stringValue\":\"fp9\"}],\"not\":{\"customerIds\":[\""
                + bob
                + "\"]}},\"first\":1}");
    assertThat(found.path("data").path("threads").path("totalCount").asInt()).isEqualTo(1);
    assertThat(
            found
                .path("data")
                .path("threads")
                .path("edges")
                .get(0)
                .path("node")
                .path("id")
                .asText())
        .isEqualTo(first);

    JsonNode link =
        call(
            "createThreadLink",
            "{\"input\":{\"threadId\":\""
                + second
                + "\",\"plainThread\":{\"plainThreadId\":\""
                + first
                + "\",\"linkType\":\"RELATED_TO\"}}}");
    assertThat(link.path("data").path("createThreadLink").path("threadLink").path("id").asText())
        .startsWith("tl_");
    assertThat(plain.threads().get(1).relatedTo).containsExactly(first);
    assertThat(InboxPage.page(plain.threads(), plain.refused())).contains("related to T-1");
  }

  @Test
  void rejectsAComponentOverTenThousandCharactersNamingTheField() throws Exception {
    String customerId = customer();
    JsonNode created = call("createThread", thread(customerId, "x".repeat(10_001), "fp2"));
    JsonNode error = created.path("data").path("createThread").path("error");
    assertThat(error.path("type").asText()).isEqualTo("VALIDATION");
    assertThat(error.path("fields").get(0).path("field").asText())
        .isEqualTo("components.1.componentPlainText.plainText");
    assertThat(plain.threads()).isEmpty();
  }

  @Test
  void rejectsUnknownCustomersAndOperations() throws Exception {
    JsonNode created = call("createThread", thread("c_UNKNOWN", "x", "fp3"));
    assertThat(created.path("data").path("createThread").path("error").path("code").asText())
        .isEqualTo("not_found");
    assertThat(
            call("deleteEverything", "{}")
                .path("errors")
                .get(0)
                .path("extensions")
                .path("code")
                .asText())
        .isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  void refusesACallPlainsSchemaRejectsAsPlainDoesAndShowsItOnThePage() throws Exception {
    String customerId = customer();
    JsonNode badDocument =
        call(
            "createThread",
            DOCUMENTS
                .get("createThread")
                .replace("thread { id ref }", "thread { id ref severity }"),
            thread(customerId, "x", "fp6"));
    assertThat(badDocument.path("data").isMissingNode()).as("nothing done").isTrue();
    assertThat(badDocument.path("errors").get(0).path("extensions").path("code").asText())
        .isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(badDocument.path("errors").get(0).path("message").asText()).contains("severity");
    JsonNode badVariables =
        call(
            "createThread",
            thread(customerId, "x", "fp7").replace("\"priority\":1", "\"priority\":\"high\""));
    assertThat(badVariables.path("data").isMissingNode()).isTrue();
    assertThat(badVariables.path("errors").get(0).path("extensions").path("code").asText())
        .isEqualTo("BAD_USER_INPUT");
    assertThat(plain.threads()).as("Plain made no thread of either").isEmpty();

    assertThat(plain.refused())
        .extracting(LocalPlain.Refused::operation)
        .containsExactly("createThread", "createThread");
    String page =
        http.send(
                HttpRequest.newBuilder(URI.create(plain.inboxUrl() + "threads")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(page).contains("Refused by Plain&#39;s schema: createThread".replace("&#39;", "'"));
    assertThat(page).contains("severity").contains("high");
  }

  @Test
  void inboxShowsThreadsNewestFirstAsPlainRendersThem() throws Exception {
    String customerId = customer();
    call("createThread", thread(customerId, "line one\\n\\tindented <b>not html</b>", "fp4"));
    call("createThread", thread(customerId, "second", "fp5"));
    String page =
        http.send(
                HttpRequest.newBuilder(URI.create(plain.inboxUrl())).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(page.indexOf("T-2")).isLessThan(page.indexOf("T-1"));
    assertThat(page)
        .contains(
            "<strong>Payment</strong> failed, see <a href=\"https://example.com\">docs</a> and a_b")
        .contains("<pre class=\"plain\">line one\n\tindented &lt;b&gt;not html&lt;/b&gt;</pre>")
        .contains("Jane &lt;jane@example.com&gt;")
        .contains("priority High")
        .contains("lt_1")
        .contains("<details><summary>Raw request</summary>");
    assertThat(InboxPage.markdown("*it* and _it_ and user\\_id and 2*3*4"))
        .isEqualTo("<em>it</em> and <em>it</em> and user_id and 2*3*4");
  }

  @Test
  void thePortIsTheArgumentElseThePropertyElse4780() {
    assertThat(LocalPlain.port(new String[] {"--port", "8025"})).isEqualTo(8025);
    assertThat(LocalPlain.port(new String[] {"--port=8026"})).isEqualTo(8026);
    assertThat(LocalPlain.port(new String[0])).isEqualTo(Integer.getInteger("inbox.port", 4780));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalPlain.port(new String[] {"8025"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage");
  }
}
