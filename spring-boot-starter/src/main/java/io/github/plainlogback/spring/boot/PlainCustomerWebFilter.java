package io.github.plainlogback.spring.boot;

import io.github.plainlogback.UnhandledExceptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
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
 *   <li>writes the customer's MDC entries (and a request id, when configured and none is there)
 *       into the Reactor Context under {@link #CONTEXT_KEY}, where {@link
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
  private final String requestIdKey;
  private final int order;
  private final AtomicBoolean saidResolverFailed = new AtomicBoolean();

  public PlainCustomerWebFilter(
      PlainReactiveCustomerResolver resolver,
      String emailKey,
      String nameKey,
      String requestIdKey,
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
    // What the request's MDC holds (for the report) and what of it this filter adds (for the
    // Context): values already in the MDC (another filter's, tracing's id) are left to their owner.
    Map<String, String> entries = new LinkedHashMap<>(4);
    Map<String, String> added = new LinkedHashMap<>(4);
    put(entries, added, emailKey, customer.email());
    if (customer.name() != null && !customer.name().isBlank()) {
      put(entries, added, nameKey, customer.name());
    }
    if (requestIdKey != null) {
      put(entries, added, requestIdKey, Long.toHexString(ThreadLocalRandom.current().nextLong()));
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
    return added.isEmpty()
        ? chained
        : chained.contextWrite(c -> c.put(CONTEXT_KEY, Collections.unmodifiableMap(added)));
  }

  private static void put(
      Map<String, String> entries, Map<String, String> added, String key, String value) {
    String present = MDC.get(key);
    if (present != null) {
      entries.put(key, present);
    } else {
      entries.put(key, value);
      added.put(key, value);
    }
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
   * status Boot's error handler gives it (an {@link ErrorResponse}'s, such as a {@code
   * ResponseStatusException}'s, else a {@link ResponseStatus} annotation's, else 500). Not a client
   * that went away, and not Spring Security's denials, which its own filter upstream turns into 401
   * or 403. ({@code @ExceptionHandler}s resolve errors inside the DispatcherHandler: those never
   * come here.)
   */
  static boolean isUnhandledServerError(Throwable error) {
    if (error instanceof AccessDeniedException
        || error instanceof AuthenticationException
        || DisconnectedClientHelper.isClientDisconnectedException(error)) {
      return false;
    }
    return status(error) >= 500;
  }

  private static int status(Throwable error) {
    if (error instanceof ErrorResponse response) {
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
