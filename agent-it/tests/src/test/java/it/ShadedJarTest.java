package it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * plain-logback-appender-<version>-all.jar: self-contained, and usable beside other OkHttp/Kotlin.
 */
@Timeout(120)
class ShadedJarTest {
  private static final Path APP = Jvm.APPS.resolve("logback-app/target");

  @Test
  void holdsNoClassOrResourceOutsideItsOwnPackageAndCarriesTheAgentManifest() throws Exception {
    List<String> foreign = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(Jvm.AGENT.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        if (name.endsWith(".class")) {
          classes++;
        }
        if (!name.startsWith("io/github/plainlogback/") && !name.startsWith("META-INF/")
            || name.startsWith("META-INF/versions/")
            || (name.startsWith("META-INF/") && name.endsWith(".class"))) {
          foreign.add(name);
        }
      }
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertThat(manifest.getValue("Premain-Class"))
          .isEqualTo("io.github.plainlogback.shaded.agent.PlainAgent");
      assertThat(manifest.getValue("Agent-Class"))
          .isEqualTo("io.github.plainlogback.shaded.agent.PlainAgent");
      assertThat(manifest.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(jar.getEntry("io/github/plainlogback/PlainThreadAppender.class")).isNotNull();
      assertThat(jar.getEntry("io/github/plainlogback/shaded/okhttp3/OkHttpClient.class"))
          .isNotNull();
    }
    assertThat(classes).isGreaterThan(1000);
    assertThat(foreign).as("entries outside io/github/plainlogback/").isEmpty();
  }

  @Test
  void asADependencyItDeliversBesideTheApplicationsOwnOkHttp4AndKotlin19() throws Exception {
    Path lib = APP.resolve("lib-with-all");
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // The dependency snippet of docs/agent.md: the -all jar, and none of the plain jar's
    // dependencies.
    assertThat(jars)
        .contains(
            "okhttp-4.12.0.jar",
            "kotlin-stdlib-1.9.10.jar",
            "plain-logback-appender-" + System.getProperty("plain.version") + "-all.jar")
        .noneMatch(
            j -> j.startsWith("okhttp-jvm") || j.startsWith("jackson") || j.startsWith("caffeine"));

    try (PlainStandIn plain = new PlainStandIn(true)) {
      List<String> args =
          List.of(
              "-Dlogback.configurationFile="
                  + Path.of(getClass().getResource("/with-appender.xml").toURI()),
              "-cp",
              Jvm.classPath(APP.resolve("classes"), lib),
              "it.app.LogbackApp",
              "error",
              plain.pingUrl());
      try (Jvm app =
          Jvm.start(
              args,
              Map.of("PLAIN_API_KEY", "plainApiKey_it_0123456789", "PLAIN_API_URL", plain.url()))) {
        assertThat(app.awaitExit(60)).as(app.err()).isZero();
        JsonNode thread = plain.nextThreadInput(5);
        assertThat(thread).as(app.out() + app.err()).isNotNull();
        assertThat(thread.path("title").asText())
            .isEqualTo("Bug Report: IllegalStateException: Checkout failed");
        assertThat(app.out()).contains("okhttp 4.12.0 status 204", "plain-appenders 1");
      }
      plain.assertOnlyValidCalls();
    }
  }
}
