package it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Spring Boot fat jar with Boot's default logging (no Plain anywhere), 3.5 and 4.0, started with
 * {@code -javaagent}: the agent reaches Logback inside BOOT-INF/lib, survives Boot's own resets at
 * start-up and a clean-up + re-initialization of the logging system (what a refresh does).
 */
@Timeout(180)
class AgentSpringBootTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(int port, String method, String path) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-User", "jane@example.com");
    request =
        method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The Boot application {@code boot} with the agent, sending to {@code plain}, once started. */
  private static Jvm startBootApp(String boot, int port, PlainStandIn plain) throws Exception {
    List<String> args =
        List.of(
            "-javaagent:" + Jvm.AGENT,
            "-jar",
            Jvm.APPS.resolve(boot + "/target/boot-app.jar").toString(),
            "--server.port=" + port);
    Map<String, String> env =
        Map.of("PLAIN_API_KEY", "plainApiKey_it_0123456789", "PLAIN_API_URL", plain.url());
    Jvm app = Jvm.start(args, env);
    try {
      app.awaitOut(l -> l.contains("Started BootApp"), 120);
      return app;
    } catch (Exception | AssertionError e) {
      app.close();
      throw e;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"boot3", "boot4"})
  void aRequestsErrorBecomesAThreadAndARefreshKeepsOneAppender(String boot) throws Exception {
    int port = freePort();
    try (PlainStandIn plain = new PlainStandIn(true)) {
      try (Jvm app = startBootApp(boot, port, plain)) {

        assertThat(call(port, "POST", "/checkout").statusCode()).isEqualTo(500);
        JsonNode first = plain.nextThreadInput(20);
        assertThat(first).as(app.err()).isNotNull();
        assertThat(first.path("title").asText())
            .isEqualTo("Bug Report: IllegalStateException: Checkout failed");
        assertThat(call(port, "GET", "/plain-appenders").body()).isEqualTo("1");

        assertThat(call(port, "POST", "/reinitialize-logging").body()).isEqualTo("ok");
        assertThat(call(port, "GET", "/plain-appenders").body()).isEqualTo("1");
        assertThat(call(port, "POST", "/refund").statusCode()).isEqualTo(500);
        JsonNode second = plain.nextThreadInput(20);
        assertThat(second).as(app.err()).isNotNull();
        assertThat(second.path("title").asText())
            .isEqualTo("Bug Report: IllegalArgumentException: Refund failed");
        assertThat(plain.threadsCreated()).isEqualTo(2);
        assertThat(app.errLines("attached PlainThreadAppender")).hasSize(1);
      }
      plain.assertOnlyValidCalls();
    }
  }

  /**
   * A controller's exception that nothing handles (Boot answers 500 from its error page, Tomcat
   * logs the root cause through the JUL bridge after the customer filter has returned): one thread
   * for the customer in the MDC of the application's own filter, none for the same error of an
   * anonymous request. The woven filter chain of Boot's embedded Tomcat reports it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"boot3", "boot4"})
  void anUnhandledControllerExceptionBecomesOneThreadForTheCustomer(String boot) throws Exception {
    int port = freePort();
    try (PlainStandIn plain = new PlainStandIn(true)) {
      try (Jvm app = startBootApp(boot, port, plain)) {

        HttpResponse<String> anonymous =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/8"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(500);
        assertThat(call(port, "GET", "/orders/7?token=s3cr3t").statusCode()).isEqualTo(500);
        // The application's own ERROR after it: every report before it has been made.
        assertThat(call(port, "POST", "/refund").statusCode()).isEqualTo(500);

        JsonNode unhandled = plain.nextThreadInput(20);
        assertThat(unhandled).as(app.err()).isNotNull();
        assertThat(plain.customerOf(unhandled)).isEqualTo("jane@example.com");
        assertThat(unhandled.path("title").asText())
            .startsWith("Bug Report: IllegalStateException")
            .endsWith(": Order 7 is not in the warehouse");
        assertThat(unhandled.toString()).contains("GET /orders/7").doesNotContain("s3cr3t");
        JsonNode refund = plain.nextThreadInput(20);
        assertThat(refund.path("title").asText())
            .isEqualTo("Bug Report: IllegalArgumentException: Refund failed");
        assertThat(plain.threadsCreated()).isEqualTo(2);
        // Tomcat's own line of it is still in the application's log, as without the agent.
        app.awaitOut(l -> l.contains("Servlet.service() for servlet [dispatcherServlet]"), 20);
      }
      plain.assertOnlyValidCalls();
    }
  }
}
