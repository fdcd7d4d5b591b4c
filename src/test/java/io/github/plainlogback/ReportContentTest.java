package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.internal.logback.BreadcrumbTrail;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Threads support can act on: recurrence across instances, breadcrumbs, redaction, application
 * frames.
 */
@Timeout(60)
class ReportContentTest {
  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private final List<Instance> instances = new ArrayList<>();

  /**
   * One service instance: its own LoggerContext, appender and clock, sharing the stand-in with the
   * others.
   */
  private final class Instance {
    final LoggingFixture logging;
    final PlainThreadAppender appender;
    final FakeTicker ticker = new FakeTicker();

    Instance(String extra) {
      logging = LoggingFixture.startedAgainst(plain, extra);
      appender = logging.restartWith(ticker, null);
      instances.add(this);
    }

    void checkoutFails(String email, String message) {
      try (var mdc = logging.mdc(email)) {
        logging.logger("shop.Checkout").error(message, Failures.checkout());
      }
    }

    void awaitDelivered(long n) {
      await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().delivered() == n);
    }
  }

  /** One call site, so every instance's error has the same fingerprint. */
  static final class Failures {
    static IllegalStateException checkout() {
      return new IllegalStateException("Payment provider declined");
    }
  }

  @BeforeEach
  void startPlain() {
    plain = standIn.standIn();
  }

  @AfterEach
  void stopAll() {
    instances.forEach(i -> i.logging.close());
  }

  @Test
  void secondInstanceAddsAnEventAndADoneThreadLeadsToANewThreadNamingTheOldRef() throws Exception {
    Instance a = new Instance("");
    Instance b = new Instance("");
    a.checkoutFails("jane@example.com", "Checkout failed");
    JsonNode first = plain.nextThread(10).input();
    a.awaitDelivered(1);
    String fingerprint = first.path("externalId").asText();
    String threadId = plain.threadId("jane@example.com", fingerprint);

    b.checkoutFails("jane@example.com", "Checkout failed again");
    b.awaitDelivered(1);
    assertThat(plain.threadsCreated()).as("another instance: no second thread").isEqualTo(1);
    assertThat(b.appender.getCounters().threadEvents()).isEqualTo(1);
    List<PlainStandIn.Call> events = plain.events(threadId);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).input().path("title").asText()).isEqualTo("Happened again: 1 time");
    assertThat(events.get(0).raw().getBody().utf8())
        .contains("Happened once more")
        .contains("Checkout failed again");

    plain.markDone(threadId);
    b.ticker.advance(Duration.ofMinutes(61)); // b's dedupe window is over: b asks Plain again
    b.checkoutFails("jane@example.com", "Checkout failed after the fix");
    JsonNode reopened = plain.nextThread(10).input();
    b.awaitDelivered(2);
    assertThat(plain.threadsCreated()).isEqualTo(2);
    assertThat(reopened.path("externalId").asText()).isEqualTo(fingerprint + "-r2");
    String oldRef = "T-" + threadId.substring(3);
    assertThat(reopened.path("components").get(0).path("componentText").path("text").asText())
        .startsWith(
            "**This bug is back:** it was reported before in "
                + oldRef
                + ", which was marked done.");
    assertThat(reopened.path("components").toString())
        .contains("Previously reported in: " + oldRef + " (done)");
  }

  @Test
  void repeatsAreAggregatedIntoAtMostOneEventPerInterval() throws Exception {
    Instance a = new Instance("<recurrenceInterval>15 minutes</recurrenceInterval>");
    a.checkoutFails("jane@example.com", "Checkout failed for order 0");
    String threadId =
        plain.threadId(
            "jane@example.com", plain.nextThread(10).input().path("externalId").asText());
    a.awaitDelivered(1);
    for (int i = 1; i <= 7; i++) {
      a.checkoutFails("jane@example.com", "Checkout failed for order " + i);
    }
    assertThat(a.appender.getCounters().deduplicated()).isEqualTo(7);
    assertThat(plain.events(threadId))
        .as("the interval has not passed on the appender's clock")
        .isEmpty();

    a.ticker.advance(Duration.ofMinutes(15));
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.events(threadId).size() == 1);
    JsonNode event = plain.events(threadId).get(0).input();
    assertThat(event.path("title").asText()).isEqualTo("Happened again: 7 times");
    String text = event.path("components").toString();
    assertThat(text).contains("Happened 7 more times").contains("first 5 distinct");
    for (int i = 1; i <= 5; i++) {
      assertThat(text).contains("Checkout failed for order " + i);
    }
    assertThat(text).doesNotContain("order 6").doesNotContain("order 7");

    for (int i = 8; i <= 10; i++) {
      a.checkoutFails("jane@example.com", "Checkout failed for order " + i);
    }
    a.ticker.advance(Duration.ofMinutes(15));
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.events(threadId).size() == 2);
    JsonNode second = plain.events(threadId).get(1).input();
    assertThat(second.path("title").asText())
        .as("three repeats, one event")
        .isEqualTo("Happened again: 3 times");
    assertThat(second.path("externalId").asText()).isNotEqualTo(event.path("externalId").asText());

    // Stopping tells Plain what is still aggregated, without waiting for the interval.
    a.checkoutFails("jane@example.com", "Checkout failed for order 11");
    a.checkoutFails("jane@example.com", "Checkout failed for order 12");
    a.appender.stop();
    assertThat(plain.events(threadId)).hasSize(3);
    assertThat(plain.events(threadId).get(2).input().path("title").asText())
        .isEqualTo("Happened again: 2 times");
    assertThat(a.appender.getCounters().threadEvents()).isEqualTo(3);
    assertThat(plain.threadsCreated()).isEqualTo(1);
  }

  @Test
  void aThreadMarkedDoneInsideTheWindowGetsItsRepeatsAndTheNextOccurrenceOpensTheSuccessor()
      throws Exception {
    Instance a = new Instance("<recurrenceInterval>15 minutes</recurrenceInterval>");
    a.checkoutFails("jane@example.com", "Checkout failed for order 1");
    String fingerprint = plain.nextThread(10).input().path("externalId").asText();
    String threadId = plain.threadId("jane@example.com", fingerprint);
    a.awaitDelivered(1);
    a.checkoutFails("jane@example.com", "Checkout failed for order 2");

    plain.markDone(threadId); // support closes it; the dedupe window (1 hour) is still open
    a.ticker.advance(Duration.ofMinutes(15));
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.events(threadId).size() == 1);
    assertThat(plain.events(threadId).get(0).input().path("title").asText())
        .as("the repeat is kept on the done thread's record")
        .isEqualTo("Happened again: 1 time");
    // The stand-in saw the event before the worker read Plain's answer: wait for the worker.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.appender.getCounters().threadEvents() == 1);

    a.checkoutFails("jane@example.com", "Checkout failed for order 3");
    JsonNode successor = plain.nextThread(10).input();
    a.awaitDelivered(2);
    assertThat(plain.threadsCreated()).isEqualTo(2);
    assertThat(successor.path("externalId").asText()).isEqualTo(fingerprint + "-r2");
    assertThat(successor.path("components").toString())
        .contains("Previously reported in: T-" + threadId.substring(3) + " (done)");
    assertThat(a.appender.getCounters().deduplicated())
        .as("only the repeat before the thread was found done")
        .isEqualTo(1);
  }

  @Test
  void breadcrumbsAreExactlyThePrecedingLinesOfTheSameRequest() throws Exception {
    Instance a = new Instance("<breadcrumbs>3</breadcrumbs>");
    Logger cart = a.logging.logger("shop.Cart");
    try (var mdc = a.logging.mdc("omar@example.com")) {
      cart.info("omar's request");
    }
    try (var mdc = a.logging.mdc("jane@example.com")) {
      cart.info("too old: only the last 3 are kept");
      cart.info("added item {}", 42);
      cart.debug("debug is below INFO");
      cart.warn("stock low");
      Thread other =
          new Thread(
              () -> {
                try (var m = a.logging.mdc("jane@example.com")) {
                  cart.info("same customer, another thread");
                }
              });
      other.start();
      other.join();
      cart.info("paying");
      a.logging.logger("shop.Checkout").error("Checkout failed", Failures.checkout());
    }
    String crumbs = PlainStandIn.componentText(plain.nextThread(10).input(), "Before the error");
    assertThat(crumbs).isNotNull();
    List<String> lines = crumbs.lines().skip(1).map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    assertThat(lines)
        .containsExactly(
            "INFO shop.Cart - added item 42",
            "WARN shop.Cart - stock low",
            "INFO shop.Cart - paying");
    assertThat(crumbs).startsWith("Before the error, on the same request (3 lines, UTC):");
  }

  @Test
  void backToBackRequestsOfTheSameCustomerOnOnePooledThreadKeepTheirOwnBreadcrumbs()
      throws Exception {
    Instance a = new Instance("");
    Logger http = a.logging.logger("shop.Http");
    // As a request filter does: the email is read anew for every request (here: a new String each
    // time).
    for (String order : List.of("41", "42")) {
      try (var mdc = a.logging.mdc(new String("jane@example.com"))) {
        http.info("POST /checkout order {}", order);
        if (order.equals("42")) {
          a.logging.logger("shop.Checkout").error("Checkout failed", Failures.checkout());
        }
      }
    }
    String components = plain.nextThread(10).input().path("components").toString();
    assertThat(components).contains("POST /checkout order 42").doesNotContain("order 41");
  }

  @Test
  void breadcrumbsOffAndNewRequestsStartClean() throws Exception {
    Instance a = new Instance("<breadcrumbs>0</breadcrumbs>");
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging.logger("shop.Cart").info("not kept");
      a.logging.logger("shop.Checkout").error("Checkout failed", Failures.checkout());
    }
    assertThat(plain.nextThread(10).input().path("components").toString())
        .doesNotContain("Before the error");

    Instance b = new Instance("");
    Logger cart = b.logging.logger("shop.Cart");
    try (var mdc = b.logging.mdc("jane@example.com")) {
      cart.info("previous request of jane");
    }
    cart.info("between requests: no customer"); // the request is over
    try (var mdc = b.logging.mdc("jane@example.com")) {
      b.logging.logger("shop.Search").error("Search failed");
    }
    assertThat(plain.nextThread(10).input().path("components").toString())
        .doesNotContain("Before the error");
  }

  @Test
  void aQuietThreadsTrailIsEmptiedAfterTwoSweepsWithoutALine() throws Exception {
    Instance a = new Instance("");
    Logger cart = a.logging.logger("shop.Cart");
    Logger checkout = a.logging.logger("shop.Checkout");
    assertThat(a.appender.breadcrumbSweeps()).as("no sweep before a minute passed").isZero();

    // Lines recorded since the previous sweep are kept through the next one.
    String joe = new String("joe@example.com");
    try (var mdc = a.logging.mdc(joe)) { // one request throughout
      cart.info("joe added an item");
      a.ticker.advance(BreadcrumbTrail.IDLE_LIMIT.plusSeconds(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.appender.breadcrumbSweeps() == 1);
      checkout.error("Checkout failed", Failures.checkout());
    }
    assertThat(plain.nextThread(10).input().path("components").toString())
        .contains("joe added an item");

    // The thread goes quiet after jane's line; nothing ends her request (the same String comes
    // back, as from a cached field), so only the sweeps can empty the trail.
    String jane = new String("jane@example.com");
    try (var mdc = a.logging.mdc(jane)) {
      cart.info("jane added an item long ago");
      a.ticker.advance(BreadcrumbTrail.IDLE_LIMIT.plusSeconds(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.appender.breadcrumbSweeps() == 2);
      a.ticker.advance(BreadcrumbTrail.IDLE_LIMIT.plusSeconds(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.appender.breadcrumbSweeps() == 3);
      checkout.error("Checkout failed", Failures.checkout());
    }
    String components = plain.nextThread(10).input().path("components").toString();
    assertThat(components).contains("Checkout failed").doesNotContain("Before the error");
  }

  private static final List<String> SECRETS =
      List.of(
          "s3cr3t-bearer-value",
          "hunter2",
          "t0k3n-v4lue",
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlX2hlcmU",
          "AKIAIOSFODNN7EXAMPLE",
          "4111 1111 1111 1111",
          "5500-0000-0000-0004",
          "ORD-778899",
          "plainApiKey_leaked_in_a_message");

  private static final String SECRET_TEXT =
      "Authorization: Bearer s3cr3t-bearer-value password=hunter2 token: t0k3n-v4lue "
          + "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlX2hlcmU aws AKIAIOSFODNN7EXAMPLE "
          + "card 4111 1111 1111 1111 and 5500-0000-0000-0004 order ORD-778899 key plainApiKey_leaked_in_a_message";

  @Test
  void everyBuiltInAndUserRedactionAppliesToEveryFieldThatLeaves() throws Exception {
    Instance a = new Instance("<redact>ORD-\\d{6}</redact>");
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging.context.getMDCAdapter().put("requestHeaders", SECRET_TEXT);
      a.logging.logger("shop.Cart").info("breadcrumb: " + SECRET_TEXT);
      IllegalStateException e =
          new IllegalStateException(
              "exception: " + SECRET_TEXT, new RuntimeException("cause: " + SECRET_TEXT));
      e.addSuppressed(new RuntimeException("suppressed: " + SECRET_TEXT));
      a.logging.logger("shop.Checkout").error("message: " + SECRET_TEXT, e);
      for (int i = 0; i < 2; i++) {
        a.logging
            .logger("shop.Checkout")
            .error("message: " + SECRET_TEXT, e); // repeats: their messages leave too
      }
      a.logging.context.getMDCAdapter().remove("requestHeaders");
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    a.appender.stop(); // flushes the repeats' event
    String sent =
        plain.calls().stream().map(c -> c.raw().getBody().utf8()).reduce("", String::concat);
    assertThat(plain.count("createThreadEvent")).isEqualTo(1);
    for (String secret : SECRETS) {
      assertThat(sent).as("nothing that leaves carries [%s]", secret).doesNotContain(secret);
    }
    String body = thread.raw().getBody().utf8();
    for (String field :
        List.of(
            "message: ",
            "exception: ",
            "cause: ",
            "suppressed: ",
            "breadcrumb: ",
            "requestHeaders = ")) {
      assertThat(body)
          .as("%s was redacted, not dropped", field)
          .contains(field + "Authorization: [REDACTED]");
    }
    assertThat(body)
        .contains("password=[REDACTED]")
        .contains("token: [REDACTED]")
        .contains("card [REDACTED] and [REDACTED]");
    assertThat(thread.input().path("title").asText())
        .doesNotContain("hunter2")
        .contains("[REDACTED]");
  }

  @Test
  void redactDefaultsOffKeepsOnlyUserPatternsAndLuhnSparesOrderNumbers() throws Exception {
    Instance a = new Instance("<redactDefaults>false</redactDefaults><redact>ORD-\\d{6}</redact>");
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging.logger("shop.Checkout").error("password=hunter2 ORD-778899");
    }
    String body = plain.nextThread(10).raw().getBody().utf8();
    assertThat(body).contains("password=hunter2").doesNotContain("ORD-778899");

    Instance b = new Instance("");
    try (var mdc = b.logging.mdc("omar@example.com")) {
      b.logging
          .logger("shop.Orders")
          .error("order number 4111 1111 1111 1112 failed"); // fails the Luhn check
    }
    assertThat(plain.nextThread(10).raw().getBody().utf8()).contains("4111 1111 1111 1112");
  }

  private static IllegalStateException withFrames(String... frames) {
    IllegalStateException e = new IllegalStateException("Payment declined");
    StackTraceElement[] trace = new StackTraceElement[frames.length];
    for (int i = 0; i < frames.length; i++) {
      int dot = frames[i].lastIndexOf('.');
      trace[i] =
          new StackTraceElement(
              frames[i].substring(0, dot), frames[i].substring(dot + 1), "X.java", 10 + i);
    }
    e.setStackTrace(trace);
    return e;
  }

  static final String[] SPRING_5 = {
    "com.example.shop.PaymentGateway.authorize",
    "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed",
    "org.springframework.aop.framework.CglibAopProxy.intercept",
    "org.springframework.transaction.interceptor.TransactionInterceptor.invoke",
    "com.example.shop.CheckoutController.checkout",
    "org.apache.catalina.core.StandardWrapperValve.invoke",
    "org.apache.catalina.core.StandardContextValve.invoke",
    "java.lang.Thread.run"
  };

  static final String[] SPRING_6 = {
    "com.example.shop.PaymentGateway.authorize",
    "org.springframework.aop.framework.CglibAopProxy$CglibMethodInvocation.proceed",
    "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed",
    "org.springframework.transaction.interceptor.TransactionAspectSupport.invokeWithinTransaction",
    "org.springframework.transaction.interceptor.TransactionInterceptor.invoke",
    "com.example.shop.CheckoutController.checkout",
    "org.apache.catalina.core.StandardWrapperValve.invoke",
    "java.lang.Thread.run"
  };

  @Test
  void appPackagesDriveFingerprintTitleAndFolding() throws Exception {
    Instance a = new Instance("<appPackage>com.example.shop</appPackage>");
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging.logger("shop.Checkout").error("Checkout failed", withFrames(SPRING_5));
    }
    JsonNode thread = plain.nextThread(10).input();
    assertThat(thread.path("title").asText())
        .isEqualTo(
            "Bug Report: IllegalStateException in PaymentGateway.authorize: Checkout failed");
    String trace =
        thread.path("components").get(1).path("componentPlainText").path("plainText").asText();
    assertThat(trace)
        .contains(
            "\tat com.example.shop.PaymentGateway.authorize(X.java:10)\n"
                + "\t… 3 frames in org.springframework omitted\n"
                + "\tat com.example.shop.CheckoutController.checkout(X.java:14)\n"
                + "\t… 3 frames in org.apache, java.lang omitted\n");

    // The framework upgrade changes every framework frame, not the error: same fingerprint,
    // deduplicated.
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging.logger("shop.Checkout").error("Checkout failed", withFrames(SPRING_6));
    }
    assertThat(a.appender.getCounters().deduplicated()).isEqualTo(1);

    // Without appPackage the framework frames count, so the upgrade regroups the error.
    Instance b = new Instance("");
    try (var mdc = b.logging.mdc("omar@example.com")) {
      b.logging.logger("shop.Checkout").error("Checkout failed", withFrames(SPRING_5));
      b.logging.logger("shop.Checkout").error("Checkout failed", withFrames(SPRING_6));
    }
    assertThat(b.appender.getCounters().deduplicated()).isZero();
    assertThat(plain.nextThread(10).input().path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: Checkout failed");
  }

  @Test
  void withAppPackagesATraceEntirelyInFrameworkCodeStillGroupsByItsFrames() throws Exception {
    Instance a = new Instance("<appPackage>com.example.shop</appPackage>");
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging
          .logger("shop.A")
          .error("in Spring", withFrames("org.springframework.a.B.c", "java.lang.Thread.run"));
      a.logging
          .logger("shop.A")
          .error("in Tomcat", withFrames("org.apache.catalina.X.y", "java.lang.Thread.run"));
    }
    assertThat(a.appender.getCounters().deduplicated())
        .as("two different framework errors are two errors, not one IllegalStateException")
        .isZero();
  }

  @Test
  void fingerprintFromTheMdcGroupsDifferentErrorsTogether() throws Exception {
    Instance a = new Instance("");
    try (var mdc = a.logging.mdc("jane@example.com")) {
      a.logging.context.getMDCAdapter().put("plainFingerprint", "payment-provider-down");
      a.logging.logger("shop.Checkout").error("Checkout failed", Failures.checkout());
      a.logging.logger("shop.Refunds").error("Refund failed", new java.io.IOException("timeout"));
      a.logging.context.getMDCAdapter().remove("plainFingerprint");
    }
    JsonNode thread = plain.nextThread(10).input();
    assertThat(a.appender.getCounters().deduplicated()).isEqualTo(1);
    assertThat(thread.path("components").toString()).doesNotContain("plainFingerprint =");
  }
}
