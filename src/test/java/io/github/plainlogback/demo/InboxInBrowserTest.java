package io.github.plainlogback.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.test.inbox.LocalPlain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What a support engineer would see in the local inbox after the demo's errors, read from a real
 * browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver ({@code
 * .ci/run} installs both; without them the test is skipped and says so).
 */
@Timeout(120)
class InboxInBrowserTest {
  private static final By THREADS = By.cssSelector("article.thread");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void inboxShowsTitleCustomerAndStackTraceAndRefreshesByItself() throws Exception {
    Optional<String> missing = HeadlessChromium.missing();
    Assumptions.assumeTrue(missing.isEmpty(), () -> missing.get() + ": inbox browser test skipped");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (LocalPlain plain = LocalPlain.start(0);
        DemoApp app =
            new DemoApp(plain, 0, new PrintStream(console, true, StandardCharsets.UTF_8));
        HeadlessChromium browser = new HeadlessChromium()) {
      app.runTour();
      browser.driver().get(plain.inboxUrl());
      browser.await(d -> d.findElements(THREADS).size() == 3, WAIT);

      String omar =
          browser.await(
              d ->
                  d.findElements(THREADS).stream()
                      .map(WebElement::getText)
                      .filter(t -> t.contains("omar@example.com"))
                      .findFirst()
                      .orElse(null),
              WAIT);
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
      String bold =
          browser.await(
              d -> d.findElement(By.cssSelector("article.thread .text strong")).getText(), WAIT);
      assertThat(bold).startsWith("java.lang.");
      assertThat(omar).doesNotContain("**");

      // A new error while the page is open appears without reloading, newest first.
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(app.shopUrl() + "/checkout?order=99"))
                  .header("X-Customer-Email", "lena@example.com")
                  .header("X-Customer-Name", "Lena Berg")
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      browser.await(d -> d.findElements(THREADS).size() == 4, WAIT);
      String newest = browser.await(d -> d.findElement(THREADS).getText(), WAIT);
      assertThat(newest).contains("Lena Berg <lena@example.com>");
      browser.screenshot(Path.of("target", "inbox.png"));
    }
  }
}
