package com.example.servlet;

import io.github.plainlogback.servlet.CustomerMdcFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/**
 * Tells the library's {@link CustomerMdcFilter} who the signed-in customer is. The library's filter
 * puts them into the MDC for the length of each request, reports an exception that escapes the
 * request for them (the container logs it only after every filter returned, when a plain {@code
 * finally { MDC.remove(...) }} filter has already taken the customer out), and takes them out
 * again. Map it after your authentication filter, for every request:
 *
 * <pre>{@code
 * <filter><filter-name>plainCustomer</filter-name><filter-class>com.example.servlet.PlainCustomerFilter</filter-class></filter>
 * <filter-mapping><filter-name>plainCustomer</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>Here the user's email is the principal's name and the full name, optional, a session
 * attribute; adapt {@link #email} and {@link #name} to how your application knows its users.
 */
public class PlainCustomerFilter extends CustomerMdcFilter {
  @Override
  protected String email(HttpServletRequest request) {
    Principal user = request.getUserPrincipal();
    return user == null ? null : user.getName();
  }

  @Override
  protected String name(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object name = session == null ? null : session.getAttribute("displayName");
    return name == null ? null : name.toString();
  }
}
