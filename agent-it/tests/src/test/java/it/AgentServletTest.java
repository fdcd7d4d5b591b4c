package it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * examples/servlet in Jetty 12, its Logback configured console-only (the appender removed), started
 * with {@code -javaagent}: a request's ERROR reaches the stand-in for Plain as a thread.
 */
@Timeout(120)
class AgentServletTest {
  private static final Path APP = Jvm.APPS.resolve("servlet-app/target");

  @Test
  void aFailingRequestOfASignedInCustomerBecomesAThread() throws Exception {
    try (PlainStandIn plain = new PlainStandIn(true)) {
      List<String> args =
          List.of(
              "-javaagent:" + Jvm.AGENT + "=apiUrl=" + plain.url(),
              "-Dlogback.configurationFile="
                  + Path.of(getClass().getResource("/console.xml").toURI()),
              "-cp",
              Jvm.classPath(APP.resolve("classes"), APP.resolve("lib")),
              "it.servlet.ServletMain");
      try (Jvm app = Jvm.start(args, Map.of("PLAIN_API_KEY", "plainApiKey_it_0123456789"))) {
        String port = app.awaitOut(l -> l.startsWith("listening "), 60).substring(10);

        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/checkout?order=42"))
                        .header("X-User", "jane@example.com")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode thread = plain.nextThreadInput(20);
        assertThat(thread).as(app.err()).isNotNull();
        assertThat(thread.path("title").asText())
            .isEqualTo("Bug Report: IllegalStateException: Checkout failed for order 42");
        assertThat(app.errLines("attached PlainThreadAppender")).hasSize(1);
      }
      plain.assertOnlyValidCalls();
    }
  }
}
