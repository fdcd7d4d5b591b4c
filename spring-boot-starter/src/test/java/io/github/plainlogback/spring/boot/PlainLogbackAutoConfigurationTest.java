package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.plainlogback.PlainThreadAppender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.core.context.SecurityContextHolder;

/** Every condition of the auto-configuration, against the real Logback context. */
class PlainLogbackAutoConfigurationTest {
  private static final String KEY = "plain.logback.api-key=plainApiKey_test";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlainLogbackAutoConfiguration.class));
  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlainLogbackAutoConfiguration.class));

  private ListAppender<ILoggingEvent> log;

  @BeforeEach
  void record() {
    assertThat(LogbackRoot.plainAppenders()).as("no appender left by an earlier test").isEmpty();
    log = LogbackRoot.recordStarterLog();
  }

  @AfterEach
  void stopRecording() {
    LogbackRoot.stopRecording(log);
  }

  @Test
  void withoutKeyAndDryRunNoAppenderIsAttachedAndItSaysSoOnce() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PlainLogbackAttacher.class);
          assertThat(LogbackRoot.plainAppenders()).isEmpty();
          context.publishEvent(
              new org.springframework.context.event.ContextRefreshedEvent(context));
          assertThat(LogbackRoot.plainAppenders()).isEmpty();
        });
    assertThat(LogbackRoot.messagesContaining(log, "no api-key and dry-run is off")).isEqualTo(1);
  }

  @Test
  void anUnresolvedKeyCountsAsNoKey() {
    runner
        .withPropertyValues("plain.logback.api-key=PLAIN_API_KEY_IS_UNDEFINED")
        .run(context -> assertThat(LogbackRoot.plainAppenders()).isEmpty());
    assertThat(LogbackRoot.messagesContaining(log, "no api-key")).isEqualTo(1);
  }

  @Test
  void disabledRegistersNothing() {
    web.withPropertyValues(KEY, "plain.logback.enabled=false")
        .run(
            context -> {
              assertThat(context)
                  .hasNotFailed()
                  .doesNotHaveBean(PlainLogbackAttacher.class)
                  .doesNotHaveBean(FilterRegistrationBean.class)
                  .doesNotHaveBean(PlainLogbackMetrics.class)
                  .doesNotHaveBean("plainLogbackHealthIndicator");
              assertThat(LogbackRoot.plainAppenders()).isEmpty();
            });
    assertThat(log.list).isEmpty();
  }

  @Test
  void aKeyAttachesExactlyOneStartedAppenderWithTheSettingsAndClosingDetachesIt() {
    PlainThreadAppender[] seen = new PlainThreadAppender[1];
    runner
        .withPropertyValues(
            KEY,
            "plain.logback.queue-size=7",
            "plain.logback.dedupe-window=90s",
            "plain.logback.app-packages=com.example.shop,com.example.billing")
        .run(
            context -> {
              assertThat(LogbackRoot.plainAppenders()).hasSize(1);
              PlainThreadAppender plain = LogbackRoot.plainAppenders().get(0);
              assertThat(LogbackRoot.root().getAppender(PlainLogbackAttacher.APPENDER_NAME))
                  .isSameAs(plain);
              assertThat(plain.isStarted()).isTrue();
              assertThat(plain.isDryRun()).isFalse();
              assertThat(plain.getQueueSize()).isEqualTo(7);
              assertThat(plain.getDedupeWindow().getMilliseconds()).isEqualTo(90_000);
              assertThat(plain.getAppPackages())
                  .containsExactly("com.example.shop", "com.example.billing");
              seen[0] = plain;
            });
    assertThat(LogbackRoot.plainAppenders()).isEmpty();
    assertThat(seen[0].isStarted()).isFalse();
  }

  @Test
  void dryRunWithoutKeyAttaches() {
    runner
        .withPropertyValues("plain.logback.dry-run=true")
        .run(
            context -> {
              assertThat(LogbackRoot.plainAppenders()).hasSize(1);
              assertThat(LogbackRoot.plainAppenders().get(0).isDryRun()).isTrue();
              assertThat(LogbackRoot.plainAppenders().get(0).isStarted()).isTrue();
            });
    assertThat(LogbackRoot.messagesContaining(log, "no api-key")).isZero();
  }

  @Test
  void aLocalInboxWithoutKeyAttaches() {
    runner
        .withPropertyValues("plain.logback.inbox-url=http://127.0.0.1:4780/graphql/v1")
        .run(
            context -> {
              assertThat(LogbackRoot.plainAppenders()).hasSize(1);
              assertThat(LogbackRoot.plainAppenders().get(0).getInboxUrl())
                  .isEqualTo("http://127.0.0.1:4780/graphql/v1");
              assertThat(LogbackRoot.plainAppenders().get(0).isStarted()).isTrue();
            });
    assertThat(LogbackRoot.messagesContaining(log, "no api-key")).isZero();
  }

  @Test
  void settingsThePlainAppenderRefusesAttachNothingAndSayWhy() {
    runner
        .withPropertyValues(KEY, "plain.logback.priority=9")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(LogbackRoot.plainAppenders()).isEmpty();
            });
    assertThat(LogbackRoot.messagesContaining(log, "refused its settings")).isEqualTo(1);
    assertThat(LogbackRoot.messagesContaining(log, "<priority>")).isEqualTo(1);
  }

  @Test
  void aPlainAppenderTheXmlDeclaresIsKeptAloneAndServedAndTheStarterSaysSo() {
    PlainThreadAppender declared = new PlainThreadAppender();
    declared.setName("PLAIN");
    declared.setContext(LogbackRoot.context());
    declared.setDryRun(true);
    declared.start();
    LogbackRoot.root().addAppender(declared);
    try {
      runner
          .withPropertyValues(KEY)
          .run(
              context -> {
                assertThat(LogbackRoot.plainAppenders()).containsExactly(declared);
                PlainLogbackAttacher attacher = context.getBean(PlainLogbackAttacher.class);
                assertThat(attacher.currentAppender()).contains(declared);
                // Refresh and the Logback hooks do not add a second one either.
                attacher.ensureAttached();
                context.publishEvent(
                    new org.springframework.context.event.ContextRefreshedEvent(context));
                assertThat(LogbackRoot.plainAppenders()).containsExactly(declared);
              });
      assertThat(LogbackRoot.messagesContaining(log, "already declares a PlainThreadAppender"))
          .isEqualTo(1);
      assertThat(declared.isStarted())
          .as("the XML's appender is not the starter's to stop")
          .isTrue();
    } finally {
      LogbackRoot.root().detachAppender(declared);
      declared.stop();
    }
  }

  @Test
  void theCustomerFilterRunsJustAfterSpringSecurityAndAUserResolverReplacesTheDefault() {
    web.withPropertyValues(KEY)
        .run(
            context -> {
              FilterRegistrationBean<?> filter = context.getBean(FilterRegistrationBean.class);
              assertThat(filter.getFilter()).isInstanceOf(PlainCustomerMdcFilter.class);
              assertThat(filter.getOrder())
                  .isEqualTo(PlainLogbackAutoConfiguration.CUSTOMER_FILTER_ORDER);
              assertThat(context.getBean(PlainCustomerResolver.class))
                  .isInstanceOf(DefaultPlainCustomerResolver.class);
            });
    PlainCustomerResolver mine = (request, auth) -> Optional.empty();
    web.withPropertyValues(KEY)
        .withBean(PlainCustomerResolver.class, () -> mine)
        .run(context -> assertThat(context.getBean(PlainCustomerResolver.class)).isSameAs(mine));
    web.withPropertyValues(KEY, "spring.security.filter.order=10")
        .run(
            context ->
                assertThat(context.getBean(FilterRegistrationBean.class).getOrder()).isEqualTo(11));
  }

  @Test
  void withoutSpringSecurityThereIsNoCustomerFilterButTheAppenderIsAttached() {
    web.withPropertyValues(KEY)
        .withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
        .run(
            context -> {
              assertThat(context)
                  .hasNotFailed()
                  .doesNotHaveBean(FilterRegistrationBean.class)
                  .doesNotHaveBean(PlainCustomerResolver.class);
              assertThat(LogbackRoot.plainAppenders()).hasSize(1);
            });
  }

  @Test
  void outsideAServletApplicationOrSwitchedOffThereIsNoCustomerFilter() {
    runner
        .withPropertyValues(KEY)
        .run(context -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
    web.withPropertyValues(KEY, "plain.logback.customer-filter=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
              assertThat(LogbackRoot.plainAppenders()).hasSize(1);
            });
  }

  @Test
  void withoutActuatorThereAreNoMetersAndNoHealthButTheAppenderIsAttached() {
    runner
        .withPropertyValues(KEY)
        .withClassLoader(
            new FilteredClassLoader(
                "io.micrometer",
                PlainLogbackHealth.BOOT3_PACKAGE,
                PlainLogbackHealth.BOOT4_PACKAGE))
        .run(
            context -> {
              assertThat(context)
                  .hasNotFailed()
                  .doesNotHaveBean(PlainLogbackMetrics.class)
                  .doesNotHaveBean("plainLogbackHealthIndicator");
              assertThat(LogbackRoot.plainAppenders()).hasSize(1);
            });
  }

  @Test
  void withActuatorTheCountersAreMetersAndHealthIsUpWithDeliveryDetails() {
    runner
        .withPropertyValues("plain.logback.dry-run=true")
        .run(
            context -> {
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              context.getBean(PlainLogbackMetrics.class).bindTo(registry);
              FunctionCounter delivered =
                  registry
                      .get("plain.logback.reports")
                      .tag("outcome", "delivered")
                      .functionCounter();
              assertThat(delivered.count()).isZero();
              assertThat(registry.get("plain.logback.reports").functionCounters())
                  .hasSize(PlainLogbackMetrics.OUTCOMES.size());
              assertThat(registry.get("plain.logback.queue.depth").gauge().value()).isZero();

              Object indicator = context.getBean("plainLogbackHealthIndicator");
              Method health = indicator.getClass().getInterfaces()[0].getMethod("health");
              Object result = health.invoke(indicator);
              assertThat(result.getClass().getMethod("getStatus").invoke(result)).hasToString("UP");
              @SuppressWarnings("unchecked")
              Map<String, Object> details =
                  (Map<String, Object>) result.getClass().getMethod("getDetails").invoke(result);
              assertThat(details)
                  .containsOnlyKeys(
                      "lastDelivered",
                      "authCooldown",
                      "queueDepth",
                      "delivered",
                      "failed",
                      "dropped")
                  .containsEntry("lastDelivered", "never")
                  .containsEntry("authCooldown", false);
            });
  }

  @Test
  void healthIsUnknownNeverDownWithoutAnAppender() {
    runner.run(
        context -> {
          Object indicator = context.getBean("plainLogbackHealthIndicator");
          Object result =
              indicator.getClass().getInterfaces()[0].getMethod("health").invoke(indicator);
          assertThat(result.getClass().getMethod("getStatus").invoke(result))
              .hasToString("UNKNOWN");
        });
  }
}
