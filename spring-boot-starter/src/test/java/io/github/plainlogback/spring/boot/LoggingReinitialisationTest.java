package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.joran.JoranConfigurator;
import io.github.plainlogback.PlainThreadAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Logback drops every appender when logging is re-initialised. These tests re-initialise it the way
 * Boot's logging system does (clean up, before-initialise, initialise: with Boot's defaults, with
 * an XML of the application's, with an XML that declares the appender itself), and the way
 * Logback's own scan does (reset, configure), and expect exactly one Plain appender each time.
 */
class LoggingReinitialisationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlainLogbackAutoConfiguration.class))
          .withPropertyValues("plain.logback.api-key=plainApiKey_test");

  @AfterEach
  void leaveLogbackAsBootConfiguresIt() {
    reinitialise(new StandardEnvironment(), null);
  }

  private static void reinitialise(ConfigurableEnvironment environment, String config) {
    LoggingSystem system = LoggingSystem.get(LoggingReinitialisationTest.class.getClassLoader());
    system.cleanUp();
    system.beforeInitialize();
    system.initialize(new LoggingInitializationContext(environment), config, null);
  }

  private static PlainThreadAppender ours(AssertableApplicationContext context) {
    return context.getBean(PlainLogbackAttacher.class).ownAppender();
  }

  @Test
  void bootsDefaultConfigurationTwiceKeepsExactlyOneStartedAppender() {
    runner.run(
        context -> {
          PlainThreadAppender ours = ours(context);
          assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
          for (int i = 0; i < 2; i++) {
            reinitialise(context.getEnvironment(), null);
            assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
            assertThat(ours.isStarted()).isTrue();
          }
        });
    assertThat(LogbackRoot.plainAppenders()).isEmpty();
  }

  @Test
  void anXmlOfTheApplicationGetsTheAppenderBack() {
    runner.run(
        context -> {
          PlainThreadAppender ours = ours(context);
          reinitialise(context.getEnvironment(), "classpath:logback-plain-free.xml");
          assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
          assertThat(LogbackRoot.root().getAppender("CONSOLE")).isNotNull();
          assertThat(ours.isStarted()).isTrue();
        });
  }

  @Test
  void anXmlThatDeclaresTheAppenderWinsAndTheStartersComesBackWhenItIsGone() {
    runner.run(
        context -> {
          PlainThreadAppender ours = ours(context);
          reinitialise(context.getEnvironment(), "classpath:logback-with-plain.xml");
          assertThat(LogbackRoot.plainAppenders()).hasSize(1);
          PlainThreadAppender declared = LogbackRoot.plainAppenders().get(0);
          assertThat(declared.getName()).isEqualTo("PLAIN");
          assertThat(ours.isStarted()).isFalse();
          assertThat(context.getBean(PlainLogbackAttacher.class).currentAppender())
              .contains(declared);

          reinitialise(context.getEnvironment(), null);
          assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
          assertThat(ours.isStarted()).isTrue();
        });
  }

  @Test
  void logbacksOwnResetAndReconfigureGetsTheAppenderBack() {
    runner.run(
        context -> {
          PlainThreadAppender ours = ours(context);
          for (int i = 0; i < 2; i++) {
            LogbackRoot.context().reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(LogbackRoot.context());
            configurator.doConfigure(getClass().getResource("/logback-plain-free.xml"));
            assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
          }
        });
  }

  @Test
  void aBareResetIsRepairedByTheNextContextRefresh() {
    runner.run(
        context -> {
          PlainThreadAppender ours = ours(context);
          LogbackRoot.context().reset(); // no configuration, no start: no Logback hook fires
          assertThat(LogbackRoot.plainAppenders()).isEmpty();
          context.publishEvent(new ContextRefreshedEvent(context));
          assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
          assertThat(ours.isStarted()).isTrue();
          context.publishEvent(new ContextRefreshedEvent(context));
          assertThat(LogbackRoot.plainAppenders()).containsExactly(ours);
        });
  }
}
