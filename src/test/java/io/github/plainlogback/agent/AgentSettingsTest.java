package io.github.plainlogback.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSettingsTest {
  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void argumentsOverrideSystemPropertiesWhichOverrideTheEnvironment() {
    AgentSettings s =
        AgentSettings.parse(
            "apiUrl=http://127.0.0.1:1/from-args",
            Map.of(
                "PLAIN_API_URL", "http://127.0.0.1:1/from-env",
                "PLAIN_MAX_THREADS_PER_MINUTE", "7",
                "PLAIN_DRY_RUN", "false",
                "HOME", "/root"),
            props("plain.dryRun", "true", "plain.apiUrl", "http://127.0.0.1:1/from-props"));

    assertThat(s.values())
        .containsEntry("apiUrl", "http://127.0.0.1:1/from-args")
        .containsEntry("dryRun", "true")
        .containsEntry("maxThreadsPerMinute", "7")
        .doesNotContainKey("home");
    assertThat(s.origins())
        .containsEntry("apiUrl", "agent argument")
        .containsEntry("dryRun", "-Dplain.dryRun")
        .containsEntry("maxThreadsPerMinute", "environment variable PLAIN_MAX_THREADS_PER_MINUTE");
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void aListInTheArgumentsContinuesAcrossCommasUntilTheNextName() {
    AgentSettings s =
        AgentSettings.parse(
            "labelTypeIds=lt_a,lt_b,dryRun=true,shutdownTimeout=2 seconds", Map.of(), props());

    assertThat(s.values())
        .containsEntry("labelTypeIds", "lt_a,lt_b")
        .containsEntry("dryRun", "true")
        .containsEntry("shutdownTimeout", "2 seconds");
  }

  @Test
  void environmentNamesAreTheElementNamesInUpperSnakeCase() {
    assertThat(AgentSettings.camel("LABEL_TYPE_IDS")).isEqualTo("labelTypeIds");
    assertThat(AgentSettings.camel("API_URL")).isEqualTo("apiUrl");
    assertThat(AgentSettings.camel("DRY_RUN")).isEqualTo("dryRun");
  }

  @Test
  void theKeyOnTheCommandLineIsRefusedWithoutRepeatingIt() {
    AgentSettings s =
        AgentSettings.parse(
            "apiKey=plainApiKey_secret_args,dryRun=true",
            Map.of(),
            props("plain.apiKey", "plainApiKey_secret_props"));

    assertThat(s.apiKey()).isNull();
    assertThat(s.values()).doesNotContainKey("apiKey").containsEntry("dryRun", "true");
    assertThat(s.problems())
        .hasSize(2)
        .allSatisfy(
            p ->
                assertThat(p)
                    .contains("PLAIN_API_KEY")
                    .contains("ps")
                    .doesNotContain("plainApiKey_secret"));
  }

  @Test
  void theKeyComesFromTheEnvironmentOrAFileTheFileWinning(@TempDir Path dir) throws Exception {
    assertThat(
            AgentSettings.parse(null, Map.of("PLAIN_API_KEY", "plainApiKey_env"), props()).apiKey())
        .isEqualTo("plainApiKey_env");

    Path file = Files.writeString(dir.resolve("key"), "plainApiKey_file\n");
    AgentSettings s =
        AgentSettings.parse(
            "apiKeyFile=" + file, Map.of("PLAIN_API_KEY", "plainApiKey_env"), props());
    assertThat(s.apiKey()).isEqualTo("plainApiKey_file");
    assertThat(s.values()).doesNotContainKey("apiKeyFile");

    AgentSettings missing =
        AgentSettings.parse(null, Map.of("PLAIN_API_KEY_FILE", dir + "/none"), props());
    assertThat(missing.apiKey()).isNull();
    assertThat(missing.problems()).singleElement().asString().contains("cannot read");
  }

  @Test
  void anArgumentThatIsNotNameValueIsReported() {
    AgentSettings s = AgentSettings.parse("dryRun", Map.of(), props());
    assertThat(s.values()).isEmpty();
    assertThat(s.problems()).singleElement().asString().contains("'dryRun' is not name=value");
  }
}
