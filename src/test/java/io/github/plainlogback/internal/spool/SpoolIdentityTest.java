package io.github.plainlogback.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.internal.compose.Redactor;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadContext;
import io.github.plainlogback.internal.compose.ThreadSettings;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.report.ServiceIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spooled report keeps the release it happened in, whichever release replays it (issue 19). */
class SpoolIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceIdentity OLD = new ServiceIdentity("shop", "2.4.0", "production");
  private static final ServiceIdentity NEW = new ServiceIdentity("shop", "2.4.1", "production");

  private static ErrorReport live() {
    return new ErrorReport(
        7L, "a@example.com", null, "l", "t", 1_000L, "declined", Map.of(), null, List.of());
  }

  @Test
  void aLiveReportIsStoredWithTheProcesssIdentityAndReadBackWithIt() throws Exception {
    byte[] file = new SpoolFormat(JSON, OLD).write(live(), false);
    ErrorReport replayed = new SpoolFormat(JSON, NEW).read(file).report();
    assertThat(replayed.identity()).isEqualTo(OLD);

    ThreadComposer newRelease =
        new ThreadComposer(
            new ThreadSettings("Bug Report", List.of(), List.of(), 2, "h"),
            new Redactor(false, List.of()),
            new ThreadContext(NEW, TraceLinks.NONE, null, null, null, null));
    String text =
        newRelease
            .compose(replayed)
            .components()
            .get(newRelease.compose(replayed).components().size() - 1)
            .text();
    assertThat(text).contains("Version: 2.4.0").doesNotContain("2.4.1");
    String event =
        newRelease
            .composeEvent(new RecurrenceBatch(1, 1L, 1L, List.of()), replayed.identity())
            .components()
            .get(0)
            .text();
    assertThat(event).contains("version 2.4.0");
  }

  @Test
  void aFileWrittenBeforeIssue19IsStillReadAndHasNoIdentityOfItsOwn() throws Exception {
    String before =
        "{\"format\":1,\"fingerprint\":\"0000000000000007\",\"customerEmail\":\"a@example.com\","
            + "\"customerName\":null,\"loggerName\":\"l\",\"threadName\":\"t\",\"timestampMillis\":1000,"
            + "\"message\":\"declined\",\"mdc\":{},\"breadcrumbs\":[]}";
    ErrorReport r =
        new SpoolFormat(JSON, NEW).read(before.getBytes(StandardCharsets.UTF_8)).report();
    assertThat(r.message()).isEqualTo("declined");
    assertThat(r.identity()).isNull();
  }
}
