package io.github.plainlogback.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import io.github.plainlogback.LoggingFixture;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the woven code does once it finds a context out of order, through a real LoggerContext
 * configured from XML (the JVM-level behaviour, with {@code -javaagent}, is proven in agent-it).
 */
@Timeout(30)
class RootAttacherTest {
  private static final String CONSOLE_ONLY =
      "<configuration><appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">"
          + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
          + "<root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root></configuration>";

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private LoggingFixture logging;

  @BeforeEach
  void setUp() {
    AgentHooks.forget();
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    plain = standIn.standIn();
  }

  @AfterEach
  void tearDown() {
    System.setErr(originalErr);
    if (logging != null) {
      logging.close();
    }
  }

  private RootAttacher attacher(String apiKey, String... nameValues) {
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      settings.put(nameValues[i], nameValues[i + 1]);
      origins.put(nameValues[i], "agent argument");
    }
    return new RootAttacher(settings, origins, apiKey);
  }

  private static List<Appender<?>> plainAppenders(LoggerContext context) {
    List<Appender<?>> found = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<? extends Appender<?>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<?> a = it.next();
        if (a instanceof PlainThreadAppender) {
          found.add(a);
        }
      }
    }
    return found;
  }

  @Test
  void attachesOneConfiguredAppenderToTheRootAndAnErrorBecomesAThread() throws Exception {
    logging = LoggingFixture.configure(CONSOLE_ONLY, Map.of());
    RootAttacher attacher =
        attacher(
            "plainApiKey_test_0123456789",
            "apiUrl",
            plain.url(),
            "labelTypeIds",
            "lt_01HB924PME9C0YWKW1N4AK3BZA,lt_02ABC",
            "maxThreadsPerMinute",
            "7",
            "shutdownTimeout",
            "2 seconds",
            "priority",
            "1");

    attacher.accept(logging.context);
    attacher.accept(logging.context);

    assertThat(plainAppenders(logging.context)).hasSize(1);
    PlainThreadAppender ours =
        (PlainThreadAppender)
            logging.logger(Logger.ROOT_LOGGER_NAME).getAppender(AgentHooks.APPENDER_NAME);
    assertThat(ours.isStarted()).isTrue();
    assertThat(ours.getLabelTypeIds()).containsExactly("lt_01HB924PME9C0YWKW1N4AK3BZA", "lt_02ABC");
    assertThat(ours.getMaxThreadsPerMinute()).isEqualTo(7);
    assertThat(ours.getShutdownTimeout().getMilliseconds()).isEqualTo(2000);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("attached PlainThreadAppender 'PLAIN_AGENT' to the root logger");

    try (LoggingFixture.MdcScope customer = logging.mdc("jane@example.com")) {
      logging.logger("com.example.Checkout").error("boom", new IllegalStateException("declined"));
    }
    PlainStandIn.Call thread = plain.nextThread(10);
    assertThat(thread).isNotNull();
    assertThat(thread.input().path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: boom");
    assertThat(thread.input().path("priority").asInt()).isEqualTo(1);
  }

  @Test
  void aConfigurationWithItsOwnAppenderGetsNoneAndItIsSaidOnce() {
    logging =
        LoggingFixture.configure(
            LoggingFixture.config("<dryRun>true</dryRun>"), Map.of("plainUrl", plain.url()));
    RootAttacher attacher = attacher(null, "dryRun", "true");

    attacher.accept(logging.context);
    attacher.accept(logging.context);

    assertThat(plainAppenders(logging.context))
        .extracting(Appender::getName)
        .containsExactly("PLAIN");
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce("already holds a PlainThreadAppender ('PLAIN'); the agent adds none");
  }

  @Test
  void anAppenderTheConfigurationAddsLaterReplacesTheAgentsOne() {
    logging = LoggingFixture.configure(CONSOLE_ONLY, Map.of());
    RootAttacher attacher = attacher(null, "dryRun", "true");
    attacher.accept(logging.context);
    PlainThreadAppender theirs = new PlainThreadAppender();
    theirs.setContext(logging.context);
    theirs.setName("THEIRS");
    theirs.setDryRun(true);
    theirs.start();
    logging.logger("com.example").addAppender(theirs);
    logging.context.removeObject(AgentHooks.KEY); // what the woven Logger.addAppender does

    attacher.accept(logging.context);

    assertThat(plainAppenders(logging.context)).containsExactly(theirs);
  }

  @Test
  void aResetContextGetsItsAppenderBack() {
    logging = LoggingFixture.configure(CONSOLE_ONLY, Map.of());
    RootAttacher attacher = attacher(null, "dryRun", "true");
    attacher.accept(logging.context);
    Appender<?> first = plainAppenders(logging.context).get(0);

    logging.context.reset(); // clears the mark with the context's object map

    attacher.accept(logging.context);
    assertThat(first.isStarted()).isFalse();
    assertThat(plainAppenders(logging.context)).hasSize(1).doesNotContain(first);
  }

  @Test
  void unknownOrNestedSettingsAreReportedOnStderrAndTheRestApplies() {
    logging = LoggingFixture.configure(CONSOLE_ONLY, Map.of());
    RootAttacher attacher =
        attacher(null, "dryRun", "true", "colour", "blue", "threadField", "x", "name", "X");

    attacher.accept(logging.context);

    assertThat(plainAppenders(logging.context))
        .extracting(Appender::getName)
        .containsExactly("PLAIN_AGENT");
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("unknown setting 'colour' (agent argument); ignored")
        .contains("unknown setting 'name' (agent argument); ignored")
        .contains("setting 'threadField' (agent argument) needs nested XML elements; ignored");
  }

  @Test
  void anAppenderThatRefusesToStartIsNotAttachedAndItsErrorsArePrinted() {
    logging = LoggingFixture.configure(CONSOLE_ONLY, Map.of());
    RootAttacher attacher = attacher(null, "priority", "9");

    attacher.accept(logging.context);

    assertThat(plainAppenders(logging.context)).isEmpty();
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("refused to start; nothing is attached")
        .contains("priority");
  }
}
