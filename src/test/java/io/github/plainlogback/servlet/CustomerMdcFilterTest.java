package io.github.plainlogback.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.plainlogback.LoggingFixture;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * The filter's contract without a container (examples/servlet runs it in Jetty and Tomcat): what it
 * puts into the MDC, what it takes out, and that an escaping exception is reported and rethrown as
 * it was.
 */
@Timeout(30)
class CustomerMdcFilterTest {
  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private LoggingFixture logging;
  private final CustomerMdcFilter filter = new CustomerMdcFilter();

  @BeforeEach
  void start() {
    plain = standIn.standIn();
    // MDC (the static facade the filter uses) writes to the default context's adapter; the
    // appender reads its own context's, so both must be the one SLF4J's MDC uses.
    logging = LoggingFixture.startedAgainstSharingMdc(plain, "");
    filter.init(null);
  }

  @AfterEach
  void stop() {
    logging.close();
    MDC.clear();
  }

  private static HttpServletRequest request(String user) {
    Map<String, Object> answers = new HashMap<>();
    answers.put("getMethod", "GET");
    answers.put("getRequestURI", "/orders/42");
    answers.put("getUserPrincipal", user == null ? null : (Principal) () -> user);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            CustomerMdcFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> answers.get(method.getName()));
  }

  @Test
  void theCustomerIsInTheMdcDuringTheRequestAndGoneAfter() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    filter.doFilter(
        request("jane@example.com"), null, (rq, rs) -> seen.set(MDC.get("customerEmail")));
    assertThat(seen.get()).isEqualTo("jane@example.com");
    assertThat(MDC.get("customerEmail")).isNull();
  }

  @Test
  void aPrincipalThatIsNoEmailIsNoCustomerAndAnotherFiltersEntryIsLeftAlone() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    filter.doFilter(request("jdoe"), null, (rq, rs) -> seen.set(MDC.get("customerEmail")));
    assertThat(seen.get()).isNull();
    filter.doFilter(request("jdoe@"), null, (rq, rs) -> seen.set(MDC.get("customerEmail")));
    assertThat(seen.get()).as("the appender's own email rule decides").isNull();

    MDC.put("customerEmail", "set-by-the-app@example.com");
    filter.doFilter(
        request("jane@example.com"), null, (rq, rs) -> seen.set(MDC.get("customerEmail")));
    assertThat(seen.get()).isEqualTo("set-by-the-app@example.com");
    assertThat(MDC.get("customerEmail"))
        .as("not ours to remove")
        .isEqualTo("set-by-the-app@example.com");
  }

  @Test
  void anEscapingExceptionIsReportedForTheCustomerAndRethrownUnchanged() throws Exception {
    ServletException thrown = new ServletException("wrapped", new IllegalStateException("boom"));
    FilterChain failing =
        (rq, rs) -> {
          throw thrown;
        };
    assertThatThrownBy(() -> filter.doFilter(request("jane@example.com"), null, failing))
        .isSameAs(thrown);
    assertThat(MDC.get("customerEmail")).isNull();
    assertThat(plain.nextThread(10).input().path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: boom");

    assertThatThrownBy(() -> filter.doFilter(request(null), null, failing)).isSameAs(thrown);
    assertThat(logging.appender().getCounters().captured()).as("anonymous: nothing").isEqualTo(1);
  }

  @Test
  void outOfMemoryIsRethrownWithoutAReport() {
    OutOfMemoryError oom = new OutOfMemoryError("test");
    assertThatThrownBy(
            () ->
                filter.doFilter(
                    request("jane@example.com"),
                    null,
                    (rq, rs) -> {
                      throw oom;
                    }))
        .isSameAs(oom);
    assertThat(logging.appender().getCounters().captured()).isZero();
  }
}
