package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandInExtension;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Service name, version and environment detected from Spring Boot (issue 19): {@code
 * spring.application.name}, the build info and the active profiles, into every thread.
 */
class ServiceIdentityDetectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The one stand-in for Plain, per test, checking calls against Plain's schema. */
  @RegisterExtension final PlainStandInExtension plain = PlainStandInExtension.checkingSchema();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ProjectInfoAutoConfiguration.class, PlainLogbackAutoConfiguration.class))
          .withPropertyValues(
              "plain.logback.api-key=plainApiKey_test",
              "spring.application.name=shop-api",
              "spring.profiles.active=staging,eu",
              "spring.info.build.location=classpath:plain-test/build-info.properties");

  @BeforeEach
  void startPlain() throws IOException {
    assertThat(LogbackRoot.plainAppenders()).as("no appender left by an earlier test").isEmpty();
  }

  private JsonNode createThread() throws Exception {
    JsonNode thread = plain.standIn().nextThreadInput(10);
    assertThat(thread).as("a createThread reached the stand-in for Plain").isNotNull();
    return thread;
  }

  @Test
  void nameVersionAndProfilesFromSpringBootReachEveryThread() {
    runner
        .withPropertyValues(
            "plain.logback.api-url=" + plain.url(), "plain.logback.version-thread-field=release")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              PlainThreadAppender a = LogbackRoot.plainAppenders().get(0);
              assertThat(a.getServiceName()).isEqualTo("shop-api");
              assertThat(a.getServiceVersion()).isEqualTo("3.1.4");
              assertThat(a.getEnvironment()).isEqualTo("staging,eu");
              MDC.put("customerEmail", "jane@example.com");
              try {
                LoggerFactory.getLogger("shop.Checkout")
                    .error("declined", new IllegalStateException("x"));
              } finally {
                MDC.remove("customerEmail");
              }
              JsonNode input = createThread();
              assertThat(input.toString())
                  .contains("Service: shop-api\\nVersion: 3.1.4\\nEnvironment: staging,eu\\n");
              assertThat(input.path("threadFields").toString())
                  .contains("\"key\":\"release\"")
                  .contains("\"stringValue\":\"3.1.4\"");
            });
  }

  @Test
  void settingsWinOverWhatIsDetected() {
    runner
        .withPropertyValues(
            "plain.logback.dry-run=true",
            "plain.logback.service-name=checkout",
            "plain.logback.service-version=9.9.9",
            "plain.logback.environment=production")
        .run(
            context -> {
              PlainThreadAppender a = LogbackRoot.plainAppenders().get(0);
              assertThat(a.getServiceName()).isEqualTo("checkout");
              assertThat(a.getServiceVersion()).isEqualTo("9.9.9");
              assertThat(a.getEnvironment()).isEqualTo("production");
            });
  }

  @Test
  void withMicrometerTracingSpringBootsKeysComeFirst() {
    PlainLogbackProperties p = new PlainLogbackProperties();
    p.setTraceIdMdcKeys("trace_id,traceId,dd.trace_id");
    p.setSpanIdMdcKeys(null);
    var env = new org.springframework.mock.env.MockEnvironment();
    ServiceIdentityDetection.apply(p, env, null, true);
    assertThat(p.getTraceIdMdcKeys()).isEqualTo("traceId,trace_id,dd.trace_id");
    assertThat(p.getSpanIdMdcKeys()).isEqualTo("spanId");

    PlainLogbackProperties without = new PlainLogbackProperties();
    without.setTraceIdMdcKeys("trace_id,traceId");
    ServiceIdentityDetection.apply(without, env, null, false);
    assertThat(without.getTraceIdMdcKeys())
        .as("no Micrometer Tracing: as set")
        .isEqualTo("trace_id,traceId");
    assertThat(without.getServiceName()).isNull();
    assertThat(without.getEnvironment()).isNull();
  }
}
