package io.github.plainlogback.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainBehaviour;
import io.github.plainlogback.test.inbox.LocalPlain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A tiny web shop whose errors become Plain threads. A request filter puts the signed-in customer
 * into the MDC, as a real service's authentication filter would; two endpoints fail. The tour calls
 * them as two customers and shows what arrived: one thread per bug and customer, repeats folded,
 * anonymous errors ignored.
 *
 * <p>Without {@code PLAIN_API_KEY} it sends to {@link LocalPlain} on loopback through {@code
 * <inboxUrl>} (open the printed inbox URL); with it, to real Plain. {@code -Ddemo.serve=true} keeps
 * the shop running after the tour.
 */
public final class DemoApp implements AutoCloseable {
  // Logger names outside io.github.plainlogback: the appender ignores its own package, to never
  // loop.
  private static final Logger HTTP = LoggerFactory.getLogger("shop.Http");
  private static final Logger CHECKOUT = LoggerFactory.getLogger("shop.Checkout");
  private static final Logger SEARCH = LoggerFactory.getLogger("shop.Search");

  /** What the tour saw. */
  public record TourResult(
      List<PlainBehaviour.ReceivedThread> threads, int errorsLogged, int anonymousErrors) {}

  private final LocalPlain localPlain;
  private final HttpServer shop;
  private final LoggerContext logging;
  private final PrintStream out;

  /**
   * @param localPlain the stand-in to send to, or null for real Plain (key and URL from the
   *     environment)
   */
  public DemoApp(LocalPlain localPlain, int port, PrintStream out)
      throws IOException, JoranException {
    this.localPlain = localPlain;
    this.out = out;
    if (localPlain != null) {
      // Logback's ${...} reads system properties before the environment. The inbox is its own
      // setting: it gets a placeholder key, so the demo needs none.
      System.setProperty("PLAIN_INBOX_URL", localPlain.graphqlUrl());
    }
    logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging);
    configurator.doConfigure(DemoApp.class.getResource("/logback-demo.xml"));
    for (Status s : logging.getStatusManager().getCopyOfStatusList()) {
      if (s.getLevel() >= Status.WARN && !s.getMessage().contains("substituted")) {
        out.println("logback: " + s.getMessage());
      }
    }
    shop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    shop.setExecutor(Executors.newFixedThreadPool(4, r -> daemon(r, "shop-http")));
    shop.createContext("/checkout", this::checkout).getFilters().add(new CustomerFilter());
    shop.createContext("/search", this::search).getFilters().add(new CustomerFilter());
    shop.createContext("/health", this::health).getFilters().add(new CustomerFilter());
    shop.start();
  }

  public String shopUrl() {
    return "http://127.0.0.1:" + shop.getAddress().getPort();
  }

  public PlainThreadAppender appender() {
    return (PlainThreadAppender)
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("PLAIN");
  }

  /**
   * The request filter: the signed-in customer goes into the MDC for the request, and out again
   * after it.
   */
  static final class CustomerFilter extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      String email = exchange.getRequestHeaders().getFirst("X-Customer-Email");
      String name = exchange.getRequestHeaders().getFirst("X-Customer-Name");
      if (email != null) {
        MDC.put("customerEmail", email);
      }
      if (name != null) {
        MDC.put("customerName", name);
      }
      try {
        chain.doFilter(exchange);
      } finally {
        MDC.remove("customerEmail");
        MDC.remove("customerName");
      }
    }

    @Override
    public String description() {
      return "puts the signed-in customer into the MDC";
    }
  }

  private void checkout(HttpExchange exchange) throws IOException {
    String order = query(exchange, "order", "42");
    HTTP.info("POST /checkout order {}", order);
    try {
      new CheckoutService().charge(order);
      respond(exchange, 200, "paid\n");
    } catch (IllegalStateException e) {
      CHECKOUT.error("Checkout failed for order {}", order, e);
      respond(exchange, 500, "checkout failed\n");
    }
  }

  private void search(HttpExchange exchange) throws IOException {
    HTTP.info("GET /search");
    try {
      int page = Integer.parseInt(query(exchange, "page", "first"));
      respond(exchange, 200, "page " + page + "\n");
    } catch (NumberFormatException e) {
      SEARCH.error("Search failed: bad page parameter", e);
      respond(exchange, 500, "search failed\n");
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    HTTP.info("health check");
    respond(exchange, 200, "ok\n");
  }

  static final class CheckoutService {
    void charge(String order) {
      new PaymentGateway().authorize(order);
    }
  }

  static final class PaymentGateway {
    void authorize(String order) {
      try {
        throw new java.net.SocketTimeoutException("payment provider did not answer within 3000 ms");
      } catch (java.net.SocketTimeoutException e) {
        throw new IllegalStateException(
            "Payment provider declined card ending 4242 for order " + order, e);
      }
    }
  }

  /**
   * Calls the shop as two customers and one anonymous visitor, then waits for what Plain should
   * have received.
   */
  public TourResult runTour() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    call(client, "/health", "jane@example.com", "Jane Doe");
    for (int order = 41; order <= 43; order++) {
      call(
          client,
          "/checkout?order=" + order,
          "jane@example.com",
          "Jane Doe"); // one bug: one thread
    }
    call(
        client,
        "/checkout?order=44",
        "omar@example.com",
        "Omar Haddad"); // another customer: another thread
    call(client, "/search?page=two", "jane@example.com", "Jane Doe"); // another bug: another thread
    call(client, "/checkout?order=45", null, null); // nobody signed in: no thread
    int errorsLogged = 6;
    if (localPlain == null) {
      logging.stop(); // delivers what is queued to real Plain
      return new TourResult(List.of(), errorsLogged, 1);
    }
    if (!localPlain.awaitThreads(3, Duration.ofSeconds(20))) {
      out.println("Expected 3 threads, the stand-in received " + localPlain.threads().size());
    }
    return new TourResult(localPlain.threads(), errorsLogged, 1);
  }

  private void call(HttpClient client, String path, String email, String name)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(shopUrl() + path)).timeout(Duration.ofSeconds(10));
    if (email != null) {
      request.header("X-Customer-Email", email).header("X-Customer-Name", name);
    }
    client.send(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() {
    shop.stop(0);
    logging.stop();
    if (localPlain != null) {
      System.clearProperty("PLAIN_INBOX_URL");
    }
  }

  private static String query(HttpExchange exchange, String key, String fallback) {
    String q = exchange.getRequestURI().getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(key)) {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return fallback;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    String key = System.getenv("PLAIN_API_KEY");
    boolean real = key != null && !key.isBlank();
    LocalPlain local = real ? null : LocalPlain.start(Integer.getInteger("inbox.port", 0));
    if (real) {
      String url =
          System.getenv().getOrDefault("PLAIN_API_URL", PlainThreadAppender.DEFAULT_API_URL);
      out.println("PLAIN_API_KEY is set: threads go to real Plain at " + url);
    } else {
      out.println("PLAIN_API_KEY is not set: threads go to a local stand-in for Plain.");
      out.println("Inbox (what support would see): " + local.inboxUrl());
      local.printTo(out);
    }
    DemoApp app = new DemoApp(local, Integer.getInteger("demo.port", 0), out);
    out.println("Shop running at " + app.shopUrl());
    TourResult tour = app.runTour();
    if (real) {
      out.println(
          "Done: look for the Bug Report threads of jane@example.com and omar@example.com in Plain.");
      return;
    }
    long threads = tour.threads().size();
    var counters = app.appender().getCounters();
    out.printf(
        "%d threads from %d errors: %d repeat(s) folded into their thread, %d error(s) without a customer ignored.%n",
        threads, tour.errorsLogged(), counters.deduplicated(), counters.skippedNoEmail());
    if (Boolean.getBoolean("demo.serve")) {
      out.println(
          "Serving. Try:  curl -H 'X-Customer-Email: you@example.com' '"
              + app.shopUrl()
              + "/checkout?order=7'");
      out.println("Inbox: " + local.inboxUrl() + "   Ctrl-C to stop.");
      Thread.currentThread().join();
    }
    app.close();
    local.close();
    if (threads != 3) {
      out.println("Expected 3 threads; something is wrong (see the logback lines above).");
      System.exit(1);
    }
  }
}
