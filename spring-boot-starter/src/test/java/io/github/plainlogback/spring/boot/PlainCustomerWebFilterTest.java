package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** What the WebFilter carries for the chain, and which errors it takes for unhandled 5xx. */
class PlainCustomerWebFilterTest {
  private static PlainCustomerWebFilter filter(PlainReactiveCustomerResolver resolver) {
    return new PlainCustomerWebFilter(resolver, "customerEmail", "customerName", "requestId", 0);
  }

  private static Authentication jane() {
    Jwt jwt =
        new Jwt(
            "token",
            Instant.now(),
            Instant.now().plusSeconds(60),
            Map.of("alg", "none"),
            Map.of("sub", "u-1", "email", "jane@example.com", "name", "Jane Doe"));
    return new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES);
  }

  /** Runs the filter as {@code auth}; returns the Context entry the rest of the chain saw. */
  private static Map<String, String> seen(PlainCustomerWebFilter f, Authentication auth) {
    AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());
    WebFilterChain chain =
        exchange ->
            Mono.deferContextual(
                c -> {
                  seen.set(c.getOrDefault(PlainCustomerWebFilter.CONTEXT_KEY, Map.of()));
                  return Mono.empty();
                });
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
    Mono<Void> served = f.filter(exchange, chain);
    if (auth != null) {
      served = served.contextWrite(ReactiveSecurityContextHolder.withAuthentication(auth));
    }
    served.block();
    return seen.get();
  }

  @Test
  void theCustomerAndARequestIdFollowTheChainInTheReactorContext() {
    Map<String, String> seen = seen(filter(new DefaultPlainReactiveCustomerResolver()), jane());
    assertThat(seen)
        .containsEntry("customerEmail", "jane@example.com")
        .containsEntry("customerName", "Jane Doe")
        .containsKey("requestId");
  }

  @Test
  void theAuthenticatedCustomerWinsOverWhatAThreadsMdcHappensToHoldATracingIdStays() {
    MDC.put("customerEmail", "stale@example.com"); // left on a shared thread by someone else
    MDC.put("requestId", "trace-1");
    try {
      Map<String, String> seen = seen(filter(new DefaultPlainReactiveCustomerResolver()), jane());
      assertThat(seen).containsEntry("customerEmail", "jane@example.com");
      assertThat(seen).as("tracing's id is tracing's to carry").doesNotContainKey("requestId");
    } finally {
      MDC.clear();
    }
  }

  @Test
  void anonymousOrNoAuthenticationOrNoCustomerCarriesNothing() {
    PlainCustomerWebFilter f = filter(new DefaultPlainReactiveCustomerResolver());
    assertThat(seen(f, null)).isEmpty();
    assertThat(
            seen(
                f,
                new AnonymousAuthenticationToken(
                    "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))))
        .isEmpty();
    assertThat(seen(filter((exchange, auth) -> Mono.empty()), jane())).isEmpty();
  }

  @Test
  void aFailingResolverLeavesTheRequestWithoutCustomer() {
    assertThat(
            seen(
                filter(
                    (exchange, auth) -> {
                      throw new IllegalStateException("resolver bug");
                    }),
                jane()))
        .isEmpty();
    assertThat(seen(filter((exchange, auth) -> null), jane())).isEmpty();
    assertThat(seen(filter((exchange, auth) -> Mono.error(new IOException("down"))), jane()))
        .isEmpty();
  }

  @Test
  void theErrorGoesOnToTheErrorHandlersAsItCame() {
    IllegalStateException thrown = new IllegalStateException("boom");
    Mono<Void> served =
        filter(new DefaultPlainReactiveCustomerResolver())
            .filter(
                MockServerWebExchange.from(MockServerHttpRequest.get("/x")),
                exchange -> Mono.error(thrown))
            .contextWrite(ReactiveSecurityContextHolder.withAuthentication(jane()));
    assertThatThrownBy(served::block).isSameAs(thrown);
  }

  @ResponseStatus(HttpStatus.BAD_REQUEST)
  static class Invalid extends RuntimeException {}

  @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
  static class Unavailable extends RuntimeException {}

  static class InvalidToo extends Invalid {}

  @Test
  void onlyErrorsThatBecomeA5xxAreUnhandledServerErrors() {
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new IllegalStateException())).isTrue();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new Unavailable())).isTrue();
    assertThat(
            PlainCustomerWebFilter.isUnhandledServerError(
                new ResponseStatusException(HttpStatus.BAD_GATEWAY)))
        .isTrue();

    assertThat(
            PlainCustomerWebFilter.isUnhandledServerError(
                new ErrorResponseException(HttpStatus.BAD_REQUEST)))
        .as("Boot answers 500 for an ErrorResponse that is no ResponseStatusException")
        .isTrue();

    assertThat(
            PlainCustomerWebFilter.isUnhandledServerError(
                new ResponseStatusException(HttpStatus.NOT_FOUND)))
        .isFalse();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new ServerWebInputException("bad id")))
        .isFalse();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new Invalid())).isFalse();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new InvalidToo())).isFalse();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new AccessDeniedException("no")))
        .as("Spring Security answers 403")
        .isFalse();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new BadCredentialsException("no")))
        .isFalse();
    assertThat(PlainCustomerWebFilter.isUnhandledServerError(new IOException("Broken pipe")))
        .as("the client went away")
        .isFalse();
  }
}
