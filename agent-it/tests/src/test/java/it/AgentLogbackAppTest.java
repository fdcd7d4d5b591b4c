package it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * apps/logback-app (plain class path, its own OkHttp 4 and Kotlin 1.9, no Plain in it) started with
 * {@code -javaagent:plain-logback-appender-<version>-all.jar}.
 */
@Timeout(120)
class AgentLogbackAppTest {
  private static final Path APP = Jvm.APPS.resolve("logback-app/target");
  private static final String KEY = "plainApiKey_it_0123456789";

  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.checkingSchema();

  private PlainStandIn plain;

  @BeforeEach
  void startPlain(PlainStandIn plain) {
    this.plain = plain;
  }

  private static String config(String name) throws Exception {
    return Path.of(AgentLogbackAppTest.class.getResource("/" + name).toURI()).toString();
  }

  private Jvm launch(String agentArgs, String configFile, String... appArgs) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("-javaagent:" + Jvm.AGENT + (agentArgs == null ? "" : "=" + agentArgs));
    args.add("-Dlogback.configurationFile=" + config(configFile));
    args.add("-cp");
    args.add(Jvm.classPath(APP.resolve("classes"), APP.resolve("lib")));
    args.add("it.app.LogbackApp");
    args.addAll(List.of(appArgs));
    return Jvm.start(args, Map.of("PLAIN_API_KEY", KEY, "PLAIN_API_URL", plain.url()));
  }

  @Test
  void anErrorOfAnApplicationConfiguredWithoutPlainBecomesAThread() throws Exception {
    try (Jvm app =
        launch(
            "labelTypeIds=lt_01HB924PME9C0YWKW1N4AK3BZA,lt_02ABC,priority=1",
            "console.xml",
            "error",
            plain.pingUrl())) {
      assertThat(app.awaitExit(60)).as(app.err()).isZero();

      JsonNode thread = plain.nextThreadInput(5);
      assertThat(thread).as(app.err()).isNotNull();
      assertThat(thread.path("title").asText())
          .isEqualTo("Bug Report: IllegalStateException: Checkout failed");
      assertThat(thread.path("priority").asInt()).isEqualTo(1);
      assertThat(thread.path("labelTypeIds").toString())
          .contains("lt_01HB924PME9C0YWKW1N4AK3BZA", "lt_02ABC");
      assertThat(plain.threadsCreated()).isEqualTo(1);
      assertThat(app.out())
          .contains("okhttp 4.12.0 status 204") // the application's own OkHttp 4, unharmed
          .contains("plain-appenders 1");
      assertThat(app.errLines("attached PlainThreadAppender 'PLAIN_AGENT'")).hasSize(1);
      assertThat(app.err()).doesNotContain(KEY);
    }
  }

  @Test
  void aConfigurationThatAlreadyHoldsTheAppenderGetsExactlyOneThread() throws Exception {
    try (Jvm app = launch(null, "with-appender.xml", "error")) {
      assertThat(app.awaitExit(60)).as(app.err()).isZero();

      assertThat(plain.nextThreadInput(5)).as(app.err()).isNotNull();
      assertThat(plain.threadsCreated()).isEqualTo(1);
      assertThat(app.out()).contains("plain-appenders 1");
      assertThat(app.errLines("already holds a PlainThreadAppender ('PLAIN'); the agent adds none"))
          .hasSize(1);
      assertThat(app.err()).doesNotContain("attached PlainThreadAppender");
    }
  }

  @Test
  void aProgrammaticReconfigurationKeepsExactlyOneAppenderAttached() throws Exception {
    try (Jvm app = launch(null, "console.xml", "reconfigure")) {
      assertThat(app.awaitExit(60)).as(app.err()).isZero();

      List<String> titles = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonNode thread = plain.nextThreadInput(5);
        assertThat(thread).as("thread %d; stderr: %s", i, app.err()).isNotNull();
        titles.add(thread.path("title").asText());
      }
      assertThat(titles)
          .containsExactlyInAnyOrder(
              "Bug Report: IllegalStateException: Checkout failed",
              "Bug Report: IllegalArgumentException: Refund failed",
              "Bug Report: UnsupportedOperationException: Shipping failed");
      assertThat(plain.threadsCreated()).isEqualTo(3);
      assertThat(app.out().lines().filter(l -> l.startsWith("plain-appenders")))
          .containsExactly("plain-appenders 1", "plain-appenders 1", "plain-appenders 1");
    }
  }

  @Test
  void aScanReloadOfTheChangedConfigurationKeepsExactlyOneAppenderAttached(@TempDir Path dir)
      throws Exception {
    Path scanned = dir.resolve("logback.xml");
    Files.writeString(
        scanned,
        Files.readString(Path.of(config("console.xml")))
            .replace(
                "<configuration>",
                "<configuration scan=\"true\" scanPeriod=\"200 milliseconds\">"));
    List<String> args = new ArrayList<>();
    args.add("-javaagent:" + Jvm.AGENT);
    args.add("-Dlogback.configurationFile=" + scanned);
    args.add("-cp");
    args.add(Jvm.classPath(APP.resolve("classes"), APP.resolve("lib")));
    args.add("it.app.LogbackApp");
    args.add("scan");
    try (Jvm app = Jvm.start(args, Map.of("PLAIN_API_KEY", KEY, "PLAIN_API_URL", plain.url()))) {
      assertThat(app.awaitExit(60)).as(app.err()).isZero();

      assertThat(app.out()).contains("reloaded");
      List<String> titles = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        JsonNode thread = plain.nextThreadInput(5);
        assertThat(thread).as("thread %d; stderr: %s", i, app.err()).isNotNull();
        titles.add(thread.path("title").asText());
      }
      assertThat(titles)
          .containsExactlyInAnyOrder(
              "Bug Report: IllegalStateException: Checkout failed",
              "Bug Report: IllegalArgumentException: Refund failed");
      assertThat(plain.threadsCreated()).isEqualTo(2);
      assertThat(app.out().lines().filter(l -> l.startsWith("plain-appenders")))
          .containsExactly("plain-appenders 1", "plain-appenders 1");
    }
  }

  @Test
  void theKeyIsRefusedOnTheCommandLineAndUnknownSettingsAreNamed() throws Exception {
    try (Jvm app =
        launch("apiKey=plainApiKey_on_the_command_line,colour=blue", "console.xml", "error")) {
      assertThat(app.awaitExit(60)).as(app.err()).isZero();

      assertThat(app.errLines("the API key is not read from agent argument")).hasSize(1);
      assertThat(app.errLines("unknown setting 'colour' (agent argument)")).hasSize(1);
      assertThat(app.err()).doesNotContain("plainApiKey_on_the_command_line");
      // PLAIN_API_KEY from the environment still applies
      assertThat(plain.nextThreadInput(5)).as(app.err()).isNotNull();
    }
  }

  @Test
  void loadedIntoARunningJvmItAttachesAtTheNextEvent() throws Exception {
    List<String> args =
        List.of(
            "-Dlogback.configurationFile=" + config("console.xml"),
            "-cp",
            Jvm.classPath(APP.resolve("classes"), APP.resolve("lib")),
            "it.app.LogbackApp",
            "wait");
    try (Jvm app = Jvm.start(args, Map.of("PLAIN_API_KEY", KEY))) {
      String pid = app.awaitOut(l -> l.startsWith("ready "), 60).substring(6);

      VirtualMachine vm = VirtualMachine.attach(pid); // what a tool does: Agent-Class
      try {
        vm.loadAgent(Jvm.AGENT.toString(), "apiUrl=" + plain.url());
      } finally {
        vm.detach();
      }
      app.send("go");

      assertThat(app.awaitExit(60)).as(app.err()).isZero();
      JsonNode thread = plain.nextThreadInput(5);
      assertThat(thread).as(app.err()).isNotNull();
      assertThat(thread.path("title").asText())
          .isEqualTo("Bug Report: IllegalStateException: Checkout failed");
      assertThat(app.out()).contains("plain-appenders 1");
      assertThat(app.errLines("attached PlainThreadAppender 'PLAIN_AGENT'")).hasSize(1);
    }
  }

  @Test
  void anApplicationWithoutLogbackStartsNormallyAndTheAgentSaysSoOnce() throws Exception {
    List<String> args =
        List.of(
            "-javaagent:" + Jvm.AGENT,
            "-cp",
            APP.resolve("classes").toString(),
            "it.app.NoLogbackApp");
    try (Jvm app = Jvm.start(args, Map.of())) {
      assertThat(app.awaitExit(60)).isZero();
      assertThat(app.out()).isEqualTo("started");
      assertThat(app.errLines("plain-logback-appender agent:"))
          .containsExactly(
              "plain-logback-appender agent: Logback (logback-classic) is not on the class path;"
                  + " the agent stays out of the way");
    }
  }
}
