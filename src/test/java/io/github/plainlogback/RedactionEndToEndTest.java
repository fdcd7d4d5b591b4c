package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redaction that holds up, through a LoggerContext configured from XML and a stand-in Plain. */
@Timeout(30)
class RedactionEndToEndTest {
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV";
  private static final String CARD = "4111 1111 1111 1111";

  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private LoggingFixture logging;

  @BeforeEach
  void start() {
    plain = standIn.standIn();
    logging = LoggingFixture.startedAgainst(plain, "");
  }

  @AfterEach
  void stop() {
    logging.close();
  }

  /**
   * A secret starting just before the 10,000-character cut used to be cut first, and its prefix no
   * longer matched its rule.
   */
  @Test
  void aSecretStraddlingTheMessageLimitLeavesNoPrefix() throws Exception {
    String filler = "x".repeat(ReportLimits.MAX_MESSAGE_CHARS - 40);
    try (var mdc = logging.mdc("jane@example.com")) {
      logging
          .logger("shop.Auth")
          .error(filler + " " + JWT + " then " + "y".repeat(5_000), new IllegalStateException("a"));
      logging
          .logger("shop.Pay")
          .error(
              filler + " " + CARD + " then " + "y".repeat(5_000), new IllegalArgumentException());
    }
    for (int i = 0; i < 2; i++) {
      PlainStandIn.Call thread = plain.nextThread(10);
      assertThat(thread).as(logging.allStatuses()).isNotNull();
      String sent = thread.input().toString();
      assertThat(sent).doesNotContain("eyJhbGciOiJIUzI1").doesNotContain("4111 1111");
      assertThat(sent).contains("more characters]");
    }
  }

  /** An MDC entry whose key is named like a secret is masked whatever its value looks like. */
  @Test
  void mdcEntriesNamedLikeSecretsAreMaskedByKey() throws Exception {
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.context.getMDCAdapter().put("X-Auth-Token", "abc");
      logging.context.getMDCAdapter().put("sessionId", "42");
      logging.context.getMDCAdapter().put("tenant", "acme");
      logging.logger("shop.A").error("boom", new IllegalStateException("x"));
      logging.context.getMDCAdapter().clear();
    }
    String sent = plain.nextThread(10).input().path("components").toString();
    assertThat(sent)
        .contains("X-Auth-Token = [REDACTED]")
        .contains("sessionId = [REDACTED]")
        .contains("tenant = acme")
        .doesNotContain("= abc")
        .doesNotContain("= 42");
  }
}
