package io.github.plainlogback.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with OkHttp's WebSocket: enough to
 * open a page, wait for something inside it, read what a person would see ({@code innerText}) and
 * take a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

  private final Process process;
  private final Path profile;
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket page;

  static Optional<Path> find() {
    String configured = System.getenv("CHROMIUM");
    return Stream.concat(Stream.ofNullable(configured), CANDIDATES.stream())
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  HeadlessChromium(Path binary) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("chromium-profile");
    try (WatchService watch = profile.getFileSystem().newWatchService()) {
      profile.register(
          watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      // Flags as the machine notes advise: no sandbox as root, and no background calls to a network
      // we do not have.
      process =
          new ProcessBuilder(
                  binary.toString(),
                  "--headless=new",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-dev-shm-usage",
                  "--disable-quic",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--window-size=1100,1400",
                  "--user-data-dir=" + profile,
                  "--remote-debugging-port=0",
                  "about:blank")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new IOException("Chromium did not open its DevTools port");
        }
        var key = watch.poll(left, TimeUnit.NANOSECONDS); // woken by the file being written
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
      connect(Integer.parseInt(Files.readAllLines(portFile).get(0).strip()));
    } catch (ClosedWatchServiceException e) {
      throw new IOException(e);
    }
  }

  private void connect(int port) throws IOException {
    try (Response list =
        http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list").build())
            .execute()) {
      for (JsonNode target : JSON.readTree(list.body().string())) {
        if (target.path("type").asText().equals("page")) {
          page =
              http.newWebSocket(
                  new Request.Builder().url(target.path("webSocketDebuggerUrl").asText()).build(),
                  new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket socket, String text) {
                      try {
                        JsonNode message = JSON.readTree(text);
                        CompletableFuture<JsonNode> f =
                            pending.remove(message.path("id").asInt(-1));
                        if (f != null) {
                          f.complete(message);
                        }
                      } catch (IOException e) {
                        pending.values().forEach(p -> p.completeExceptionally(e));
                      }
                    }

                    @Override
                    public void onFailure(WebSocket socket, Throwable t, Response response) {
                      pending.values().forEach(p -> p.completeExceptionally(t));
                    }
                  });
          return;
        }
      }
    }
    throw new IOException("Chromium has no page target");
  }

  private JsonNode call(String method, ObjectNode params, Duration timeout) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    page.send(JSON.writeValueAsString(message));
    JsonNode result = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (result.has("error")) {
      throw new IllegalStateException(method + ": " + result.path("error"));
    }
    return result.path("result");
  }

  void open(String url) throws Exception {
    call("Page.navigate", JSON.createObjectNode().put("url", url), Duration.ofSeconds(30));
  }

  /**
   * Evaluates {@code expression}, awaiting it if it is a promise; returns its value as a string.
   */
  String evaluate(String expression, Duration timeout) throws Exception {
    JsonNode r =
        call(
            "Runtime.evaluate",
            JSON.createObjectNode()
                .put("expression", expression)
                .put("awaitPromise", true)
                .put("returnByValue", true),
            timeout.plusSeconds(5));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + r.path("exceptionDetails"));
    }
    return r.path("result").path("value").asText();
  }

  /**
   * Waits inside the page until the JavaScript condition holds (a MutationObserver, no polling from
   * here).
   */
  void waitUntil(String condition, Duration timeout) throws Exception {
    evaluate(
        "new Promise((resolve, reject) => {"
            + " const ok = () => { try { return "
            + condition
            + "; } catch (e) { return false; } };"
            + " if (ok()) { resolve(true); return; }"
            + " const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out: ' + "
            + JSON.writeValueAsString(condition)
            + ")); }, "
            + timeout.toMillis()
            + ");"
            + " const observer = new MutationObserver(() => { if (ok()) { clearTimeout(timer); observer.disconnect(); resolve(true); } });"
            + " observer.observe(document, {childList: true, subtree: true, characterData: true});"
            + "})",
        timeout);
  }

  void screenshot(Path file) throws Exception {
    JsonNode shot =
        call(
            "Page.captureScreenshot",
            JSON.createObjectNode().put("format", "png"),
            Duration.ofSeconds(30));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  @Override
  public void close() throws IOException {
    if (page != null) {
      page.close(1000, "done");
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
