package io.github.plainlogback.spring.boot;

import io.github.plainlogback.UnhandledExceptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * The WebFlux counterpart of {@link PlainCustomerMdcFilter}: finds the signed-in customer in the
 * reactive security context (so it runs just after Spring Security's {@code WebFilterChainProxy}),
 * then
 *
 * <ul>
 *   <li>reports an error that leaves the rest of the chain and will be answered with a 5xx (nothing
 *       in the application handled it) as the customer's via {@link UnhandledExceptions}, with the
 *       request's method and path; the MDC entries are passed along, since the error signal may
 *       arrive on any thread. Boot's later "500 Server Error" line of the same exception is then
 *       recognised by identity and opens no second thread;
 *   <li>writes the customer's MDC entries (and a request id, when configured and tracing has not
 *       put one into the MDC) into the Reactor Context under {@link #CONTEXT_KEY}, where {@link
 *       PlainMdcThreadLocalAccessor} puts them into the MDC of whichever thread runs the chain
 *       (with {@code spring.reactor.context-propagation=auto}, or in {@code handle()}/{@code tap()}
 *       operators), so an error the application logs there is the customer's too.
 * </ul>
 *
 * The response and the application's log are unchanged: the error goes on to the error handlers as
 * it came.
 */
public class PlainCustomerWebFilter implements WebFilter, Ordered {
  /**
   * The Reactor Context key of the MDC entries this filter owns for the request: a {@code
   * Map<String, String>}, restored into the MDC by {@link PlainMdcThreadLocalAccessor}.
   */
  public static final String CONTEXT_KEY = "io.github.plainlogback.mdc";

  private static final Log LOG = LogFactory.getLog(PlainCustomerWebFilter.class);

  private final PlainReactiveCustomerResolver resolver;
  private final String emailKey;
  private final String nameKey;
  private final @Nullable String requestIdKey;
  private final int order;
  private final AtomicBoolean saidResolverFailed = new AtomicBoolean();

  public PlainCustomerWebFilter(
      PlainReactiveCustomerResolver resolver,
      String emailKey,
      String nameKey,
      @Nullable String requestIdKey,
      int order) {
    this.resolver = resolver;
    this.emailKey = emailKey;
    this.nameKey = nameKey;
    this.requestIdKey = requestIdKey == null || requestIdKey.isBlank() ? null : requestIdKey;
    this.order = order;
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return customer(exchange)
        .map(customer -> served(exchange, chain, customer))
        .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange))) // no customer: nothing to do
        .flatMap(served -> served);
  }

  private Mono<Void> served(
      ServerWebExchange exchange, WebFilterChain chain, PlainCustomer customer) {
    // The entries for the report, and those of them this filter owns (for the Context). The
    // customer is always the one Spring Security authenticated: a Netty thread's MDC belongs to no
    // request in particular. A request id already there (tracing's, restored by propagation) stays.
    Map<String, String> entries = new LinkedHashMap<>(4);
    entries.put(emailKey, customer.email());
    if (customer.name() != null && !customer.name().isBlank()) {
      entries.put(nameKey, customer.name());
    }
    Map<String, String> added = new LinkedHashMap<>(entries);
    if (requestIdKey != null) {
      String present = MDC.get(requestIdKey);
      if (present != null) {
        entries.put(requestIdKey, present);
      } else {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        entries.put(requestIdKey, id);
        added.put(requestIdKey, id);
      }
    }
    Map<String, String> report = Collections.unmodifiableMap(entries);
    Mono<Void> chained =
        chain
            .filter(exchange)
            .doOnError(
                error -> {
                  if (isUnhandledServerError(error)) {
                    UnhandledExceptions.report(
                        error,
                        exchange.getRequest().getMethod().name(),
                        exchange.getRequest().getPath().value(),
                        report);
                  }
                });
    return chained.contextWrite(c -> c.put(CONTEXT_KEY, Collections.unmodifiableMap(added)));
  }

  private Mono<PlainCustomer> customer(ServerWebExchange exchange) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .filter(auth -> auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken))
        .flatMap(auth -> resolved(exchange, auth));
  }

  private Mono<PlainCustomer> resolved(ServerWebExchange exchange, Authentication auth) {
    return Mono.defer(() -> resolver.resolve(exchange, auth))
        .onErrorResume(
            e -> {
              // A resolver bug must not fail the request; said once, it goes on without customer.
              if (saidResolverFailed.compareAndSet(false, true)) {
                LOG.warn(
                    "plain.logback: the PlainReactiveCustomerResolver failed; requests go on"
                        + " without a customer (said once): "
                        + e);
              }
              return Mono.empty();
            });
  }

  /**
   * Whether the customer gets a 5xx for this error that nothing in the application handled: the
   * status Boot's error handler gives it (a {@code ResponseStatusException}'s, else a {@link
   * ResponseStatus} annotation's, else 500). Not a client that went away, and not Spring Security's
   * denials, which its own filter upstream turns into 401 or 403. ({@code @ExceptionHandler}s
   * resolve errors inside the DispatcherHandler: those never come here.)
   */
  static boolean isUnhandledServerError(Throwable error) {
    if (error instanceof AccessDeniedException
        || error instanceof AuthenticationException
        || DisconnectedClientHelper.isClientDisconnectedException(error)) {
      return false;
    }
    return status(error) >= 500;
  }

  /**
   * As Boot's {@code DefaultErrorAttributes} (WebFlux) decides it, Boot 3.5 and 4.0 alike: a {@code
   * ResponseStatusException}'s status (Spring's 404 for an unknown path, 405, 406, 415 and the 400s
   * of bad input are all ResponseStatusExceptions), else the class's {@code @ResponseStatus}, else
   * 500. (Another {@code ErrorResponse}, such as a bare {@code ErrorResponseException}, is answered
   * with 500 by Boot whatever status it names, so it is the customer's error here too.)
   */
  private static int status(Throwable error) {
    if (error instanceof ResponseStatusException response) {
      return response.getStatusCode().value();
    }
    MergedAnnotation<ResponseStatus> annotation =
        MergedAnnotations.from(error.getClass(), SearchStrategy.TYPE_HIERARCHY)
            .get(ResponseStatus.class);
    return annotation
        .getValue("code", HttpStatus.class)
        .orElse(HttpStatus.INTERNAL_SERVER_ERROR)
        .value();
  }
}
