package io.github.plainlogback.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.test.PlainBehaviour;
import io.github.plainlogback.test.inbox.LocalPlain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's demo, run in-process against the local stand-in: what a new user sees must be true.
 */
@Timeout(60)
class DemoTourTest {
  @Test
  void tourMakesOneThreadPerBugAndCustomerAndIgnoresAnonymousErrors() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (LocalPlain plain = LocalPlain.start(0);
        DemoApp app =
            new DemoApp(plain, 0, new PrintStream(console, true, StandardCharsets.UTF_8))) {
      DemoApp.TourResult tour = app.runTour();
      List<PlainBehaviour.ReceivedThread> threads = tour.threads();
      assertThat(threads).hasSize(3);
      assertThat(threads)
          .extracting(t -> t.customerEmail)
          .containsExactlyInAnyOrder("jane@example.com", "jane@example.com", "omar@example.com");
      assertThat(threads).allMatch(t -> t.title.startsWith("Bug Report: "));
      PlainBehaviour.ReceivedThread omar =
          threads.stream()
              .filter(t -> t.customerEmail.equals("omar@example.com"))
              .findFirst()
              .orElseThrow();
      assertThat(omar.customerName).isEqualTo("Omar Haddad");
      assertThat(omar.title)
          .isEqualTo(
              "Bug Report: IllegalStateException in DemoApp$PaymentGateway.authorize: Checkout failed for order 44");
      assertThat(omar.components)
          .anyMatch(
              c ->
                  c.kind().equals("plainText")
                      && c.text().contains("IllegalStateException")
                      && c.text().contains("Caused by: java.net.SocketTimeoutException"));
      assertThat(threads).noneMatch(t -> t.title.contains("order 45")); // the anonymous request
      var counters = app.appender().getCounters();
      assertThat(counters.deduplicated()).isEqualTo(2);
      assertThat(counters.skippedNoEmail()).isEqualTo(1);
      assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("logback:");
    }
    assertThat(System.getProperty("PLAIN_INBOX_URL"))
        .as("the demo cleans up after itself")
        .isNull();
  }
}
