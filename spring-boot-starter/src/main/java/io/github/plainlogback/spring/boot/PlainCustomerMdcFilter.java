package io.github.plainlogback.spring.boot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the signed-in customer (and a request id, when configured and tracing has not set one) into
 * the MDC for the request, and takes out exactly what it put, whatever happens. Runs after Spring
 * Security's filter chain, so the authentication is known. Values already in the MDC (your own
 * filter's) are left alone.
 */
public class PlainCustomerMdcFilter extends OncePerRequestFilter {
  private static final Log LOG = LogFactory.getLog(PlainCustomerMdcFilter.class);

  private final PlainCustomerResolver resolver;
  private final String emailKey;
  private final String nameKey;
  private final String requestIdKey;
  private final AtomicBoolean saidResolverFailed = new AtomicBoolean();

  public PlainCustomerMdcFilter(
      PlainCustomerResolver resolver, String emailKey, String nameKey, String requestIdKey) {
    this.resolver = resolver;
    this.emailKey = emailKey;
    this.nameKey = nameKey;
    this.requestIdKey = requestIdKey == null || requestIdKey.isBlank() ? null : requestIdKey;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> put = new ArrayList<>(3);
    try {
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
      chain.doFilter(request, response);
    } finally {
      put.forEach(MDC::remove);
    }
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
