package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.plainlogback.PlainThreadAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Outside the prod profile the starter's appender is in dry run (application.properties): it shows
 * what it would send and sends nothing. No logback-spring.xml, no filter of our own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(60)
// Each profile configures the appender differently: close the context after the class, so the
// starter detaches its appender and the next test class attaches its own.
@DirtiesContext
class DevelopmentDryRunTest {
  @Autowired TestRestTemplate http;

  @Test
  void errorsAreBuiltAndPrintedButNotSent() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<PlainThreadAppender> attached = new ArrayList<>();
    context
        .getLogger(Logger.ROOT_LOGGER_NAME)
        .iteratorForAppenders()
        .forEachRemaining(
            a -> {
              if (a instanceof PlainThreadAppender p) {
                attached.add(p);
              }
            });
    assertThat(attached).as("the starter attached exactly one appender").hasSize(1);
    PlainThreadAppender plain = attached.get(0);
    assertThat(plain.isStarted()).isTrue();
    assertThat(plain.getAppPackages()).containsExactly("com.example.shop");
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
