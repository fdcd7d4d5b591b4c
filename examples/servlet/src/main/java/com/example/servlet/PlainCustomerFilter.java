package com.example.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import org.slf4j.MDC;

/**
 * Puts the signed-in customer into the MDC for the length of a request, so an ERROR logged while
 * serving it becomes a Plain thread for that customer. Map it after your authentication filter, for
 * every request:
 *
 * <pre>{@code
 * <filter><filter-name>plainCustomer</filter-name><filter-class>com.example.servlet.PlainCustomerFilter</filter-class></filter>
 * <filter-mapping><filter-name>plainCustomer</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>Here the user's email is the principal's name and the full name, optional, a session
 * attribute; adapt {@link #email} and {@link #name} to how your application knows its users.
 */
public class PlainCustomerFilter implements Filter {
  /**
   * The MDC keys the appender reads by default (its customerEmailMdcKey and customerNameMdcKey).
   */
  static final String EMAIL_KEY = "customerEmail";

  static final String NAME_KEY = "customerName";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String email = email(http);
    if (email != null) {
      MDC.put(EMAIL_KEY, email);
      String name = name(http);
      if (name != null) {
        MDC.put(NAME_KEY, name);
      }
    }
    try {
      chain.doFilter(request, response);
    } finally {
      // Threads are pooled: the next request on this thread must not inherit this customer.
      MDC.remove(EMAIL_KEY);
      MDC.remove(NAME_KEY);
    }
  }

  protected String email(HttpServletRequest request) {
    Principal user = request.getUserPrincipal();
    return user == null ? null : user.getName();
  }

  protected String name(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object name = session == null ? null : session.getAttribute("displayName");
    return name == null ? null : name.toString();
  }
}
