package io.github.plainlogback.test.inbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.plainlogback.test.PlainBehaviour;
import io.github.plainlogback.test.PlainSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local stand-in for Plain, on loopback: it checks every GraphQL call against Plain's schema
 * ({@link PlainSchema}, as the tests' stand-in does) and refuses one the schema rejects as Plain
 * does (HTTP 200 with {@code errors}, nothing done; listed on the page and in {@link #refused()}),
 * then answers it with the tests' stand-in's rules and state ({@link PlainBehaviour}: known
 * customer, one member per component, 1 to 10,000 characters per text, priority 0..3, external ids
 * unique per customer), and serves an inbox page at {@code /} listing the threads it received,
 * newest first, rendered as Plain shows them. It never logs through SLF4J: it runs inside the
 * application whose appender it receives from.
 *
 * <p>Run it on its own ({@code java -jar plain-logback-test-support-<version>-inbox.jar}, see
 * docs/local-inbox.md) and point an application's {@code <inboxUrl>} at it to watch that
 * application's reports before enabling Plain (the appender then sends it a placeholder key, never
 * the real one, and nothing to Plain).
 */
public final class LocalPlain implements AutoCloseable {
  /** A call Plain's schema rejects: what it asked, why it was refused, and when. */
  public record Refused(String operation, List<String> problems, String rawRequest, Instant at) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final PlainBehaviour plain = PlainBehaviour.withPlainIds();
  private final List<Refused> refused = new CopyOnWriteArrayList<>();
  private final Object arrivals = new Object();

  private LocalPlain(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-plain");
              t.setDaemon(true);
              return t;
            });
    // Parsing Plain's schema takes seconds: on a thread of our own, so the page is up at once (the
    // first call waits for it).
    executor.execute(PlainSchema::load);
    plain.onThread(
        t -> {
          synchronized (arrivals) {
            arrivals.notifyAll();
          }
        });
    server.setExecutor(executor);
    server.createContext("/graphql/v1", this::graphql);
    server.createContext("/", this::inbox);
    server.start();
  }

  /** Starts on 127.0.0.1; port 0 picks a free one. */
  public static LocalPlain start(int port) {
    try {
      return new LocalPlain(port);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start the local stand-in for Plain on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The GraphQL endpoint, for {@code <inboxUrl>}. */
  public String graphqlUrl() {
    return "http://127.0.0.1:" + port() + "/graphql/v1";
  }

  /** The inbox page. */
  public String inboxUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Threads received so far, in arrival order. */
  public List<PlainBehaviour.ReceivedThread> threads() {
    return plain.threads();
  }

  /** Calls refused because Plain's schema rejects them, in arrival order. */
  public List<Refused> refused() {
    return List.copyOf(refused);
  }

  /** Calls {@code listener} with each thread as it arrives. */
  public void onThread(Consumer<PlainBehaviour.ReceivedThread> listener) {
    plain.onThread(listener);
  }

  /** Prints each thread to {@code out} as it arrives. */
  public void printTo(PrintStream out) {
    onThread(t -> out.println(t.render()));
  }

  /** Waits until at least {@code count} threads arrived; false if {@code timeout} passed first. */
  public boolean awaitThreads(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (plain.threads().size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(arrivals, left);
      }
      return true;
    }
  }

  /** Support marks a thread done (for trying the "bug is back" rule). */
  public void markDone(String threadId) {
    plain.markDone(threadId);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------ GraphQL

  private void graphql(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(
            exchange, new PlainBehaviour.Answer(405, "{\"errors\":[{\"message\":\"POST only\"}]}"));
        return;
      }
      if (!PlainBehaviour.hasPlainKey(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, PlainBehaviour.unauthenticated());
        return;
      }
      String raw;
      try (InputStream in = exchange.getRequestBody()) {
        raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      PlainBehaviour.Request call = PlainBehaviour.parse(raw);
      if (call == null) {
        send(exchange, PlainBehaviour.malformed());
        return;
      }
      List<PlainSchema.Problem> problems = PlainSchema.check(call.query(), call.variables());
      if (!problems.isEmpty()) {
        refused.add(
            new Refused(
                call.operation(),
                problems.stream().map(PlainSchema.Problem::message).toList(),
                raw,
                Instant.now()));
        send(exchange, PlainBehaviour.refusal(problems));
        return;
      }
      send(exchange, plain.answer(call, null));
    }
  }

  // ------------------------------------------------------------------ inbox

  private void inbox(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/")) {
        sendHtml(exchange, InboxPage.page(threads(), refused()));
      } else if (path.equals("/threads")) {
        sendHtml(exchange, InboxPage.threadList(threads(), refused()));
      } else if (path.startsWith("/raw/")) {
        String id = path.substring("/raw/".length());
        PlainBehaviour.ReceivedThread t = plain.thread(id);
        byte[] bytes = (t == null ? "not found" : t.rawRequest).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(t == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
      } else {
        byte[] bytes = "not found".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(404, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static void sendHtml(HttpExchange exchange, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void send(HttpExchange exchange, PlainBehaviour.Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange
        .getResponseHeaders()
        .set("apigw-requestid", "local-" + PlainBehaviour.ulid().substring(0, 10));
    exchange.sendResponseHeaders(answer.code(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Runs the inbox on its own: {@code java -jar plain-logback-test-support-<version>-inbox.jar
   * [--port N]}, or {@code mvn -q -Pinbox test-compile exec:java} in this repository. The port is
   * {@code --port}, else {@code -Dinbox.port}, else 4780.
   */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(
          "usage: java -jar plain-logback-test-support-<version>-inbox.jar [--port N]\n"
              + "A local stand-in for Plain on 127.0.0.1 (default port 4780, or -Dinbox.port): it"
              + " checks every call against Plain's schema, answers as Plain does and shows the"
              + " threads it received at http://127.0.0.1:<port>/.");
      return;
    }
    LocalPlain plain = start(port(args));
    plain.printTo(System.out);
    System.out.println("Local Plain inbox:  " + plain.inboxUrl());
    System.out.println(
        "Point your appender at it:  <inboxUrl>" + plain.graphqlUrl() + "</inboxUrl>");
    System.out.println(
        "(it receives a placeholder key, never yours; nothing goes to Plain). Ctrl-C to stop.");
    Thread.currentThread().join();
  }

  static int port(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--port=")) {
        return Integer.parseInt(args[i].substring("--port=".length()));
      }
      if (args[i].equals("--port") && i + 1 < args.length) {
        return Integer.parseInt(args[i + 1]);
      }
      throw new IllegalArgumentException("usage: [--port N] (got " + args[i] + ")");
    }
    return Integer.getInteger("inbox.port", 4780);
  }
}
