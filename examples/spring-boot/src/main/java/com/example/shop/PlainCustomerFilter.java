package com.example.shop;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the authenticated user's email and name into the MDC for the request, so an ERROR logged
 * while serving it becomes a Plain thread for that customer, and takes them out afterwards (threads
 * are pooled). Registered after authentication in {@link SecurityConfig}.
 */
public class PlainCustomerFilter extends OncePerRequestFilter {
  private final CustomerDirectory customers;

  public PlainCustomerFilter(CustomerDirectory customers) {
    this.customers = customers;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && customers.isCustomer(auth.getName())) {
      MDC.put("customerEmail", auth.getName());
      MDC.put("customerName", customers.fullName(auth.getName()));
    }
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove("customerEmail");
      MDC.remove("customerName");
    }
  }
}
