package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.plainlogback.PlainThreadAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Outside the prod profile the appender is in dryRun: it shows what it would send and sends
 * nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(60)
// Each profile needs its own Logback configuration: close the context after the class, so Spring
// Boot cleans
// Logback up and the next test class configures it afresh instead of finding it "already
// initialized".
@DirtiesContext
class DevelopmentDryRunTest {
  @Autowired TestRestTemplate http;

  @Test
  void errorsAreBuiltAndPrintedButNotSent() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PlainThreadAppender plain =
        (PlainThreadAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN");
    assertThat(plain.isStarted()).isTrue();
    assertThat(plain.isDryRun()).isTrue();

    http.withBasicAuth("omar@example.com", "secret")
        .postForEntity("/checkout/9", null, String.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.getCounters().delivered() == 1);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .anyMatch(
            s ->
                s.getLevel() == Status.INFO
                    && s.getMessage().startsWith("dryRun: would send upsertCustomer")
                    && s.getMessage().contains("o***@e***.com"));
  }
}
