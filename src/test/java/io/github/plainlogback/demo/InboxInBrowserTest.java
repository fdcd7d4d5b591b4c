package io.github.plainlogback.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a support engineer would see in the local inbox after the demo's errors, read from a real
 * browser: Debian's headless Chromium ({@code .ci/run} installs it; without it the test is skipped
 * and says so).
 */
@Timeout(120)
class InboxInBrowserTest {
  @Test
  void inboxShowsTitleCustomerAndStackTraceAndRefreshesByItself() throws Exception {
    var chromium = HeadlessChromium.find();
    Assumptions.assumeTrue(
        chromium.isPresent(),
        "Chromium not installed (apt-get install chromium): inbox browser test skipped");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (LocalPlain plain = LocalPlain.start(0);
        DemoApp app =
            new DemoApp(plain, 0, new PrintStream(console, true, StandardCharsets.UTF_8));
        HeadlessChromium browser = new HeadlessChromium(chromium.get())) {
      app.runTour();
      browser.open(plain.inboxUrl());
      browser.waitUntil(
          "document.querySelectorAll('article.thread').length === 3", Duration.ofSeconds(30));

      String omar =
          browser.evaluate(
              "[...document.querySelectorAll('article.thread')].map(a => a.innerText)"
                  + ".find(t => t.includes('omar@example.com'))",
              Duration.ofSeconds(10));
      assertThat(omar)
          .contains(
              "Bug Report: IllegalStateException in DemoApp$PaymentGateway.authorize: Checkout failed for order 44")
          .contains("Omar Haddad <omar@example.com>")
          .contains(
              "java.lang.IllegalStateException: Payment provider declined card ending 4242 for order 44")
          .contains(
              "Caused by: java.net.SocketTimeoutException: payment provider did not answer within 3000 ms")
          .contains("Checkout failed for order 44")
          .contains("Raw request")
          .doesNotContain("\"operationName\""); // the raw request stays folded until asked for
      // Plain's markdown subset: the exception class is bold, with no asterisks left over.
      assertThat(
              browser.evaluate(
                  "document.querySelector('article.thread .text strong').innerText",
                  Duration.ofSeconds(10)))
          .startsWith("java.lang.");
      assertThat(omar).doesNotContain("**");

      // A new error while the page is open appears without reloading, newest first.
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(app.shopUrl() + "/checkout?order=99"))
                  .header("X-Customer-Email", "lena@example.com")
                  .header("X-Customer-Name", "Lena Berg")
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      browser.waitUntil(
          "document.querySelectorAll('article.thread').length === 4", Duration.ofSeconds(30));
      assertThat(
              browser.evaluate(
                  "document.querySelector('article.thread').innerText", Duration.ofSeconds(10)))
          .contains("Lena Berg <lena@example.com>");
      browser.screenshot(Path.of("target", "inbox.png"));
    }
  }
}
