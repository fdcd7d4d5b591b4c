package io.github.plainlogback.spring.boot;

import io.github.plainlogback.UnhandledExceptions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Puts the signed-in customer (and a request id, when configured and tracing has not set one) into
 * the MDC for the request, and takes out exactly what it put, whatever happens. Runs after Spring
 * Security's filter chain, so the authentication is known. Values already in the MDC (your own
 * filter's) are left alone.
 *
 * <p>An exception that leaves the chain (nothing in the application resolved it: the customer gets
 * the container's error response) is reported here, while the customer is still in the MDC, with
 * the request's method and path, and rethrown unchanged: the container logs it only after this
 * filter has returned, when the customer is gone (see {@link UnhandledExceptions}). Spring
 * Security's own exceptions are left to its {@code ExceptionTranslationFilter} (a 401 or 403), and
 * a client that went away (broken pipe, Tomcat's {@code ClientAbortException}) is no bug.
 *
 * <p>An async request (a {@code Callable}, {@code DeferredResult} or {@code CompletableFuture}
 * controller return) finishes in an ASYNC dispatch on another thread: the MDC entries of the
 * request travel in a request attribute and are put back for that dispatch.
 */
public class PlainCustomerMdcFilter extends OncePerRequestFilter {
  private static final Log LOG = LogFactory.getLog(PlainCustomerMdcFilter.class);

  /** The request's MDC entries, for its ASYNC dispatch on another thread. */
  static final String MDC_ATTRIBUTE = PlainCustomerMdcFilter.class.getName() + ".MDC";

  private static final int MAX_CAUSES = 16;

  private final PlainCustomerResolver resolver;
  private final String emailKey;
  private final String nameKey;
  private final @Nullable String requestIdKey;
  private final AtomicBoolean saidResolverFailed = new AtomicBoolean();

  public PlainCustomerMdcFilter(
      PlainCustomerResolver resolver,
      String emailKey,
      String nameKey,
      @Nullable String requestIdKey) {
    this.resolver = resolver;
    this.emailKey = emailKey;
    this.nameKey = nameKey;
    this.requestIdKey = requestIdKey == null || requestIdKey.isBlank() ? null : requestIdKey;
  }

  /** The ASYNC dispatch that completes an async request needs the customer too. */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> put = new ArrayList<>(3);
    try {
      if (isAsyncDispatch(request)) {
        if (request.getAttribute(MDC_ATTRIBUTE) instanceof Map<?, ?> entries) {
          entries.forEach((k, v) -> putIfAbsent(put, (String) k, (String) v));
        }
      } else {
        if (requestIdKey != null) {
          putIfAbsent(put, requestIdKey, Long.toHexString(ThreadLocalRandom.current().nextLong()));
        }
        customer(request)
            .ifPresent(
                c -> {
                  putIfAbsent(put, emailKey, c.email());
                  if (c.name() != null && !c.name().isBlank()) {
                    putIfAbsent(put, nameKey, c.name());
                  }
                });
      }
      chain.doFilter(request, response);
      // Safe after the chain: the container holds an async dispatch until this one has returned.
      if (request.isAsyncStarted()) {
        rememberForAsyncDispatch(request);
      }
    } catch (Throwable escaped) {
      if (!isSecurityException(escaped)
          && !DisconnectedClientHelper.isClientDisconnectedException(escaped)) {
        UnhandledExceptions.report(escaped, request.getMethod(), request.getRequestURI());
      }
      throw escaped;
    } finally {
      put.forEach(MDC::remove);
    }
  }

  private void rememberForAsyncDispatch(HttpServletRequest request) {
    Map<String, String> entries = new LinkedHashMap<>(4);
    for (String key : new String[] {emailKey, nameKey, requestIdKey}) {
      String value = key == null ? null : MDC.get(key);
      if (value != null) {
        entries.put(key, value);
      }
    }
    if (!entries.isEmpty()) {
      request.setAttribute(MDC_ATTRIBUTE, entries);
    }
  }

  /** A 401 or 403 that Spring Security's ExceptionTranslationFilter makes of it, not a bug. */
  private static boolean isSecurityException(Throwable t) {
    Throwable c = t;
    for (int i = 0; c != null && i < MAX_CAUSES; i++) {
      if (c instanceof AccessDeniedException || c instanceof AuthenticationException) {
        return true;
      }
      c = c.getCause() == c ? null : c.getCause();
    }
    return false;
  }

  private Optional<PlainCustomer> customer(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      return Optional.empty();
    }
    try {
      Optional<PlainCustomer> customer = resolver.resolve(request, auth);
      return customer == null ? Optional.empty() : customer;
    } catch (RuntimeException e) {
      // A resolver bug must not fail the request; said once, the request goes on without customer.
      if (saidResolverFailed.compareAndSet(false, true)) {
        LOG.warn(
            "plain.logback: the PlainCustomerResolver failed; requests go on without a customer in"
                + " the MDC (said once): "
                + e);
      }
      return Optional.empty();
    }
  }

  private static void putIfAbsent(List<String> put, String key, String value) {
    if (MDC.get(key) == null) {
      MDC.put(key, value);
      put.add(key);
    }
  }
}
