package com.example.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The filter in a real servlet container, with a loopback stand-in for Plain. */
@Timeout(60)
class PlainCustomerFilterSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MockWebServer plain = new MockWebServer();
  private Server jetty;
  private String baseUrl;

  @BeforeEach
  void start() throws Exception {
    plain.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String op = "";
            try {
              op = JSON.readTree(request.getBody().utf8()).path("operationName").asText();
            } catch (Exception ignored) {
              // answered below as an unknown operation
            }
            String body =
                switch (op) {
                  case "upsertCustomer" ->
                      "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\"c_1\"},\"error\":null}}}";
                  case "threadByExternalId" -> "{\"data\":{\"threadByExternalId\":null}}";
                  case "createThread" ->
                      "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_1\",\"ref\":\"T-1\"},\"error\":null}}}";
                  default -> "{\"errors\":[{\"message\":\"unknown operation\"}]}";
                };
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
          }
        });
    plain.start();

    // Logback reads ${PLAIN_API_URL} from system properties; configure it explicitly once they are
    // set.
    System.setProperty("PLAIN_API_KEY", "plainApiKey_example");
    System.setProperty("PLAIN_API_URL", plain.url("/graphql/v1").toString());
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-example.xml"));

    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler app = new ServletContextHandler(ServletContextHandler.SESSIONS);
    app.addFilter(new FilterHolder(fakeLogin()), "/*", EnumSet.of(DispatcherType.REQUEST));
    app.addFilter(PlainCustomerFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
    app.addServlet(CheckoutServlet.class, "/checkout");
    jetty.setHandler(app);
    jetty.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
  }

  /** Stands in for the application's authentication: the X-User header is the signed-in user. */
  private static Filter fakeLogin() {
    return (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader("X-User");
      if (user != null) {
        http.getSession(true).setAttribute("displayName", "Jane Doe");
      }
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return user == null ? null : () -> user;
            }
          },
          response);
    };
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    plain.close();
    System.clearProperty("PLAIN_API_KEY");
    System.clearProperty("PLAIN_API_URL");
  }

  /**
   * The servlet's own answer (so a failure elsewhere in the chain cannot pass for the servlet
   * failing).
   */
  private String checkout(String user, String order) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(baseUrl + "/checkout?order=" + order))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      r.header("X-User", user);
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode()
        + " "
        + (response.body().contains("checkout failed") ? "checkout failed" : response.body());
  }

  @Test
  void anErrorOfASignedInCustomerBecomesAThreadForThatCustomer() throws Exception {
    assertThat(checkout("jane@example.com", "42")).isEqualTo("500 checkout failed");
    JsonNode upsert = JSON.readTree(plain.takeRequest(10, TimeUnit.SECONDS).getBody().utf8());
    assertThat(upsert.path("operationName").asText()).isEqualTo("upsertCustomer");
    JsonNode input = upsert.path("variables").path("input");
    assertThat(input.path("identifier").path("emailAddress").asText())
        .isEqualTo("jane@example.com");
    assertThat(input.path("onCreate").path("fullName").asText()).isEqualTo("Jane Doe");
    plain.takeRequest(10, TimeUnit.SECONDS); // threadByExternalId
    JsonNode thread = JSON.readTree(plain.takeRequest(10, TimeUnit.SECONDS).getBody().utf8());
    assertThat(thread.path("operationName").asText()).isEqualTo("createThread");
    assertThat(thread.path("variables").path("input").path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: Checkout failed for order 42");
  }

  @Test
  void anAnonymousRequestMakesNoThread() throws Exception {
    assertThat(checkout(null, "7")).isEqualTo("500 checkout failed");
    assertThat(checkout("omar@example.com", "8")).isEqualTo("500 checkout failed"); // a sentinel
    JsonNode first = JSON.readTree(plain.takeRequest(10, TimeUnit.SECONDS).getBody().utf8());
    assertThat(
            first.path("variables").path("input").path("identifier").path("emailAddress").asText())
        .as("the anonymous error, logged first, sent nothing")
        .isEqualTo("omar@example.com");
  }
}
