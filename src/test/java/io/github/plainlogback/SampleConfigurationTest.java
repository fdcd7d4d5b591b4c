package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.status.Status;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.plain.Endpoints;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped logback-sample.xml is what users copy: it must start and deliver with only its two
 * variables set.
 */
@Timeout(30)
class SampleConfigurationTest {
  private static final Path SAMPLE = Path.of("logback-sample.xml");
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.checkingSchema();
  private LoggingFixture logging;

  @AfterEach
  void stop() {
    if (logging != null) {
      logging.close();
    }
  }

  @Test
  void sampleStartsAndDeliversWithOnlyKeyAndUrlSet() throws Exception {
    logging =
        LoggingFixture.configure(
            Files.readString(SAMPLE),
            Map.of("PLAIN_API_KEY", "plainApiKey_sample", "PLAIN_API_URL", standIn.url()));
    PlainThreadAppender appender =
        (PlainThreadAppender)
            logging.context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN");
    assertThat(appender.isStarted()).as(logging.allStatuses()).isTrue();
    assertThat(logging.statuses(Status.ERROR)).isEmpty();
    try (var mdc = logging.mdc("jane@example.com")) {
      logging.logger("shop.Checkout").error("from the sample", new IllegalStateException("x"));
    }
    PlainStandIn.Call thread = standIn.standIn().nextThread(10);
    assertThat(thread).isNotNull();
    assertThat(thread.input().path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: from the sample");
    assertThat(thread.raw().getHeaders().get("Authorization"))
        .isEqualTo("Bearer plainApiKey_sample");
  }

  @Test
  void sampleWithoutAKeyRefusesToStartAndSaysWhy() throws Exception {
    logging =
        LoggingFixture.configure(Files.readString(SAMPLE), Map.of("PLAIN_API_URL", standIn.url()));
    assertThat(logging.context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN").isStarted())
        .isFalse();
    // Unless the machine running the tests exports PLAIN_API_KEY, Joran reports it undefined.
    if (System.getenv("PLAIN_API_KEY") == null) {
      assertThat(logging.hasStatus(Status.ERROR, "No <apiKey> .*PLAIN_API_KEY_IS_UNDEFINED"))
          .as(logging.allStatuses())
          .isTrue();
    }
  }

  /**
   * Every declared setting is in the sample, and each commented default matches the declared one
   * (which SettingSpecTest holds the appender to), so the sample cannot go stale.
   */
  @Test
  void commentedDefaultsMatchTheAppender() throws Exception {
    String xml = Files.readString(SAMPLE);
    for (SettingSpec s : SettingSpec.values()) {
      String element = s.element();
      if (s == SettingSpec.API_KEY || s == SettingSpec.API_URL) {
        continue; // set, not commented: below
      }
      if (s.defaultValue() == null) {
        assertThat(xml).as("sample shows <%s>", element).contains("<" + element + ">");
        continue;
      }
      Matcher m =
          Pattern.compile("<!-- <" + element + ">([^<]*)</" + element + "> -->").matcher(xml);
      assertThat(m.find()).as("sample shows <%s> commented with its default", element).isTrue();
      assertThat(m.group(1)).as("default of <%s>", element).isEqualTo(s.defaultValue());
    }
    assertThat(xml).contains("<apiKey>${PLAIN_API_KEY}</apiKey>");
    assertThat(xml)
        .contains("<apiUrl>${PLAIN_API_URL:-" + SettingSpec.API_URL.defaultValue() + "}</apiUrl>");
    Matcher inbox = Pattern.compile("<!-- <inboxUrl>([^<]*)</inboxUrl> -->").matcher(xml);
    assertThat(inbox.find()).as("sample shows <inboxUrl> commented").isTrue();
    assertThat(Endpoints.inbox(inbox.group(1)).ok()).as("the sample's inbox is loopback").isTrue();
    for (String template : new String[] {"traceUrlTemplate", "logsUrlTemplate"}) {
      Matcher t =
          Pattern.compile("<!-- <" + template + ">([^<]*)</" + template + "> -->").matcher(xml);
      assertThat(t.find()).as("sample shows <%s> commented", template).isTrue();
      assertThat(TraceLinks.problem(t.group(1).replace("&amp;", "&")))
          .as("the sample's <%s> is a valid template", template)
          .isNull();
    }
  }
}
