package it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An application whose own filter puts the customer into the MDC and removes it in {@code finally}
 * (../apps/webapp: CustomerFilter, a pass-through filter inside it, servlets that throw without
 * logging), started with {@code -javaagent} and no Plain in its configuration, on Jetty 12 and on
 * Tomcat (beside Tomcat on the class path, and as a web application with its own Logback in
 * WEB-INF/lib): every exception a signed-in customer's request leaves unhandled becomes one thread
 * for that customer, with the method and the path; the responses and the application's log are
 * those of the same run without the agent.
 */
@Timeout(240)
class AgentUnhandledExceptionTest {
  private static final Path CONSOLE = Path.of(resource("/console.xml"));
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path temp;

  enum Container {
    JETTY,
    TOMCAT,
    TOMCAT_WEBAPP
  }

  /** The requests, in order; the last one's ERROR is logged by the application itself. */
  private static final List<String[]> REQUESTS =
      List.of(
          new String[] {"GET", "/orders/7?token=s3cr3t", "jane@example.com"},
          new String[] {"GET", "/orders/8", null},
          new String[] {"GET", "/orders/ok", "jane@example.com"},
          new String[] {"GET", "/handled/9", "jane@example.com"},
          new String[] {"POST", "/pay", "bob@example.com"},
          new String[] {"GET", "/log", "sentinel@example.com"});

  @ParameterizedTest
  @EnumSource(Container.class)
  void anUnhandledExceptionBecomesOneThreadForTheCustomerInTheApplicationsMdc(Container container)
      throws Exception {
    Run without = run(container, null);
    assertThat(without.statuses).containsExactly(500, 500, 200, 409, 500, 200);

    try (PlainStandIn plain = new PlainStandIn(true)) {
      Run with = run(container, plain);

      assertThat(with.statuses).isEqualTo(without.statuses);
      assertThat(with.bodies).isEqualTo(without.bodies);
      // The application's log (Logback's console, and the container's own lines): no line added,
      // none removed.
      assertThat(difference(without.out, with.out)).isEmpty();
      assertThat(difference(without.err, with.err)).isEmpty();
      assertThat(with.out).isNotEmpty();

      // Every report is made on the request's thread before its response: the application's own
      // ERROR of the last request is the last thread, and there is none after it.
      List<JsonNode> threads = new ArrayList<>();
      for (JsonNode t; (t = plain.nextThreadInput(30)) != null; ) {
        threads.add(t);
        if ("sentinel@example.com".equals(plain.customerOf(t))) {
          break;
        }
      }
      assertThat(threads).as(String.join("\n", with.agentLines)).hasSize(3);
      JsonNode jane = threads.get(0);
      assertThat(plain.customerOf(jane)).isEqualTo("jane@example.com");
      assertThat(jane.path("title").asText())
          .startsWith("Bug Report: IllegalStateException")
          .endsWith(": Order 7 is not in the warehouse");
      assertThat(jane.toString()).contains("GET /orders/7").doesNotContain("s3cr3t");

      JsonNode bob = threads.get(1);
      assertThat(plain.customerOf(bob)).isEqualTo("bob@example.com");
      assertThat(bob.path("title").asText())
          .startsWith("Bug Report: IllegalArgumentException")
          .endsWith(": Card declined");
      assertThat(bob.toString()).contains("POST /pay");

      assertThat(plain.customerOf(threads.get(2))).isEqualTo("sentinel@example.com");
      assertThat(plain.threadsCreated()).isEqualTo(3);
      assertThat(with.agentLines).noneMatch(l -> l.contains("could not"));
      plain.assertOnlyValidCalls();
    }
  }

  private record Run(
      List<Integer> statuses,
      List<String> bodies,
      List<String> out,
      List<String> err,
      List<String> agentLines) {}

  /** Starts the container (with the agent if {@code plain} is given), sends REQUESTS, stops it. */
  private Run run(Container container, PlainStandIn plain) throws Exception {
    List<String> args = new ArrayList<>();
    if (plain != null) {
      args.add("-javaagent:" + Jvm.AGENT + "=apiUrl=" + plain.url());
    }
    args.add("-Dlogback.configurationFile=" + CONSOLE);
    switch (container) {
      case JETTY -> {
        Path app = Jvm.APPS.resolve("servlet-app/target");
        args.addAll(
            List.of(
                "-cp",
                Jvm.classPath(app.resolve("classes"), app.resolve("lib")),
                "it.servlet.OwnFilterMain"));
      }
      case TOMCAT -> {
        Path app = Jvm.APPS.resolve("tomcat-app/target");
        args.addAll(
            List.of(
                "-cp",
                Jvm.classPath(app.resolve("classes"), app.resolve("lib")),
                "it.tomcat.TomcatMain"));
      }
      case TOMCAT_WEBAPP -> {
        Path app = Jvm.APPS.resolve("tomcat-app/target");
        Path webapp = webapp(app);
        // Tomcat alone on the class path, as in a standalone Tomcat; catalina.home as its scripts
        // set it.
        String tomcatOnly =
            Jvm.classPath(
                app.resolve("classes"),
                null,
                jars(app.resolve("lib"), "tomcat-").toArray(Path[]::new));
        args.addAll(
            List.of(
                "-Dcatalina.home=" + temp.resolve("catalina"),
                "-cp",
                tomcatOnly,
                "it.tomcat.TomcatMain",
                "war",
                webapp.toString()));
      }
    }
    try (Jvm jvm = Jvm.start(args, Map.of("PLAIN_API_KEY", "plainApiKey_it_0123456789"))) {
      String port = jvm.awaitOut(l -> l.startsWith("listening "), 90).substring(10);
      jvm.awaitErr(l -> l.equals("started"), 30);
      int startedOut = jvm.outLines().size();
      int startedErr = jvm.errLines().size();
      List<Integer> statuses = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (String[] r : REQUESTS) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r[1]));
        if (r[2] != null) {
          request.header("X-User", r[2]);
        }
        request.method(r[0], HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        statuses.add(response.statusCode());
        bodies.add(response.body().replace(":" + port + "/", ":PORT/"));
      }
      // The last lines of the last request: every line before them has been read.
      jvm.awaitOut(l -> l.contains("logged by the application for sentinel@example.com"), 30);
      jvm.awaitErr(l -> l.equals("served /log"), 30);
      return new Run(
          statuses,
          bodies,
          normalized(jvm.outLines().subList(startedOut, jvm.outLines().size())),
          normalized(
              jvm.errLines().subList(startedErr, jvm.errLines().size()).stream()
                  .filter(l -> !l.startsWith("plain-logback-appender agent:"))
                  .collect(Collectors.toList())),
          jvm.errLines("plain-logback-appender agent:"));
    }
  }

  /**
   * Lines without what differs between two runs of the same thing (times, ports, identity hashes,
   * thread numbers), sorted: which lines, not in which order the pumps read them.
   */
  private static List<String> normalized(List<String> lines) {
    return lines.stream()
        // The container's frames below the application depend on which pool thread ran it.
        .filter(l -> !l.startsWith("\tat ") || l.contains("it.webapp."))
        .map(l -> l.replaceAll("@[0-9a-f]{4,}", "@").replaceAll("[0-9]+", "0"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** The lines only one of the two has ("-" without the agent, "+" with it), counted. */
  private static List<String> difference(List<String> without, List<String> with) {
    List<String> removed = new ArrayList<>(without);
    List<String> added = new ArrayList<>();
    for (String line : with) {
      if (!removed.remove(line)) {
        added.add("+ " + line);
      }
    }
    removed.replaceAll(l -> "- " + l);
    removed.addAll(added);
    return removed;
  }

  /**
   * ../apps/webapp as a web application of its own: its classes, its Logback and SLF4J, web.xml.
   */
  private Path webapp(Path app) throws IOException {
    Path root = temp.resolve("webapp");
    Path classes = root.resolve("WEB-INF/classes/it/webapp");
    Files.createDirectories(classes);
    try (Stream<Path> compiled = Files.list(app.resolve("classes/it/webapp"))) {
      for (Path c : compiled.collect(Collectors.toList())) {
        Files.copy(
            c, classes.resolve(c.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
    for (String prefix : List.of("logback-", "slf4j-")) {
      for (Path jar : jars(app.resolve("lib"), prefix)) {
        Files.copy(
            jar, lib.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String filters =
        filter("customer", "CustomerFilter", "/*")
            + filter("passThrough", "PassThroughFilter", "/*")
            + filter("conflict", "ConflictFilter", "/handled/*");
    String routes =
        Stream.of("/orders/*", "/handled/*", "/log", "/pay")
            .map(u -> "<url-pattern>" + u + "</url-pattern>")
            .collect(Collectors.joining());
    Files.writeString(
        root.resolve("WEB-INF/web.xml"),
        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">"
            + filters
            + "<servlet><servlet-name>orders</servlet-name><servlet-class>it.webapp.OrdersServlet</servlet-class></servlet>"
            + "<servlet-mapping><servlet-name>orders</servlet-name>"
            + routes
            + "</servlet-mapping></web-app>");
    return root;
  }

  private static String filter(String name, String type, String url) {
    return "<filter><filter-name>"
        + name
        + "</filter-name><filter-class>it.webapp."
        + type
        + "</filter-class></filter><filter-mapping><filter-name>"
        + name
        + "</filter-name><url-pattern>"
        + url
        + "</url-pattern></filter-mapping>";
  }

  private static List<Path> jars(Path lib, String prefix) throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  private static URI resource(String name) {
    try {
      return AgentUnhandledExceptionTest.class.getResource(name).toURI();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
