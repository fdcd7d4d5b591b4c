package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import io.github.plainlogback.PlainThreadAppender;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What the customer filter does with an exception that leaves the chain: reported for the customer
 * and rethrown as it is; not for Spring Security's exceptions or a client that went away. And the
 * ASYNC dispatch of an async request gets the request's MDC entries back.
 */
class PlainCustomerMdcFilterEscapesTest {
  private final PlainCustomerMdcFilter filter =
      new PlainCustomerMdcFilter(
          new DefaultPlainCustomerResolver(), "customerEmail", "customerName", "requestId");
  private final PlainThreadAppender plain = new PlainThreadAppender();

  @BeforeEach
  void start() {
    plain.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    plain.setName("PLAIN_TEST");
    plain.setDryRun(true);
    plain.start();
    assertThat(plain.isStarted()).isTrue();
    Jwt jwt =
        new Jwt(
            "token",
            Instant.now(),
            Instant.now().plusSeconds(60),
            Map.of("alg", "none"),
            Map.of("sub", "u-1", "email", "jane@example.com"));
    SecurityContextHolder.getContext()
        .setAuthentication(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES));
  }

  @AfterEach
  void stop() {
    plain.stop();
    SecurityContextHolder.clearContext();
    MDC.clear();
  }

  private static MockFilterChain throwing(Exception e) {
    return new MockFilterChain(
        new HttpServlet() {
          @Override
          protected void service(HttpServletRequest req, HttpServletResponse res)
              throws ServletException, IOException {
            if (e instanceof ServletException s) {
              throw s;
            }
            if (e instanceof IOException io) {
              throw io;
            }
            throw (RuntimeException) e;
          }
        });
  }

  private Throwable escape(Exception e) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");
    request.setQueryString("token=s3cret");
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), throwing(e)))
        .satisfies(t -> thrown[0] = t);
    return thrown[0];
  }

  @Test
  void anEscapedExceptionIsReportedOnceForTheCustomerAndRethrownAsItIs() {
    ServletException wrapper =
        new ServletException(
            "Request processing failed", new IllegalStateException("Order 42 is gone"));

    assertThat(escape(wrapper)).isSameAs(wrapper);
    assertThat(plain.getCounters().captured()).isEqualTo(1);
    assertThat(MDC.get("customerEmail")).as("taken out again").isNull();
  }

  @Test
  void springSecuritysExceptionsAndAClientThatWentAwayAreNotReported() {
    AccessDeniedException denied = new AccessDeniedException("not yours");
    IOException brokenPipe = new IOException("Broken pipe");

    assertThat(escape(denied)).isSameAs(denied);
    assertThat(escape(new ServletException("wrapped", denied))).hasCause(denied);
    assertThat(escape(brokenPipe)).isSameAs(brokenPipe);
    assertThat(plain.getCounters().captured()).isZero();
  }

  @Test
  void theAsyncDispatchGetsTheRequestsCustomerAndRequestIdBack() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/quotes/5");
    request.setAsyncSupported(true);
    Map<String, String> first = new HashMap<>();
    filter.doFilter(request, new MockHttpServletResponse(), seeing(first, true));

    // The dispatch that completes it: another thread, no security context, an empty MDC.
    SecurityContextHolder.clearContext();
    MDC.clear();
    request.setDispatcherType(DispatcherType.ASYNC);
    Map<String, String> async = new HashMap<>();
    filter.doFilter(request, new MockHttpServletResponse(), seeing(async, false));

    assertThat(first).containsEntry("customerEmail", "jane@example.com").containsKey("requestId");
    assertThat(async)
        .containsEntry("customerEmail", "jane@example.com")
        .containsEntry("requestId", first.get("requestId"));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  /** A servlet that records the MDC it sees, and goes async (a controller's Callable) if told. */
  private static MockFilterChain seeing(Map<String, String> seen, boolean startAsync) {
    return new MockFilterChain(
        new HttpServlet() {
          @Override
          protected void service(HttpServletRequest req, HttpServletResponse res) {
            if (startAsync) {
              req.startAsync();
            }
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            if (mdc != null) {
              seen.putAll(mdc);
            }
          }
        });
  }
}
