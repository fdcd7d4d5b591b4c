package io.github.plainlogback.servlet;

import io.github.plainlogback.PlainAppenderSettings;
import io.github.plainlogback.UnhandledExceptions;
import io.github.plainlogback.internal.report.EmailAddresses;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts the signed-in customer into the MDC for the length of a request, and reports an exception
 * that escapes the request for that customer before taking them out again. For servlet applications
 * without Spring Boot (the starter has its own); map it after your authentication filter:
 *
 * <pre>{@code
 * <filter><filter-name>plainCustomer</filter-name>
 *   <filter-class>io.github.plainlogback.servlet.CustomerMdcFilter</filter-class></filter>
 * <filter-mapping><filter-name>plainCustomer</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>Why not a plain {@code try { chain.doFilter(...) } finally { MDC.remove(...) }}: the container
 * logs an exception that escapes the servlet (Tomcat at ERROR, with the root cause; Jetty at WARN)
 * only after every filter has returned, when the customer has left the MDC, so the errors customers
 * feel most would never become threads. This filter hands the exception to the appender while the
 * customer is still known, and the container's later line of it makes no second thread.
 *
 * <p>By default the customer is the principal whose name is an email address; override {@link
 * #email} and {@link #name} for anything else. Init parameters {@code customerEmailMdcKey} and
 * {@code customerNameMdcKey} match the appender's elements of the same names. Entries already in
 * the MDC (another filter's) are left alone, and only what this filter put is taken out.
 */
public class CustomerMdcFilter implements Filter {
  private String emailKey = PlainAppenderSettings.DEFAULT_CUSTOMER_EMAIL_MDC_KEY;
  private String nameKey = PlainAppenderSettings.DEFAULT_CUSTOMER_NAME_MDC_KEY;

  @Override
  public void init(@Nullable FilterConfig config) {
    emailKey = parameter(config, "customerEmailMdcKey", emailKey);
    nameKey = parameter(config, "customerNameMdcKey", nameKey);
  }

  private static String parameter(@Nullable FilterConfig config, String name, String fallback) {
    String value = config == null ? null : config.getInitParameter(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)) {
      chain.doFilter(request, response);
      return;
    }
    boolean putEmail = false;
    boolean putName = false;
    String email = email(http);
    if (email != null && !email.isBlank() && MDC.get(emailKey) == null) {
      MDC.put(emailKey, email);
      putEmail = true;
      String name = name(http);
      if (name != null && !name.isBlank() && MDC.get(nameKey) == null) {
        MDC.put(nameKey, name);
        putName = true;
      }
    }
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      UnhandledExceptions.report(e, http.getMethod(), http.getRequestURI());
      throw e;
    } catch (Error e) {
      if (!(e instanceof VirtualMachineError)) { // out of memory: do nothing more
        UnhandledExceptions.report(e, http.getMethod(), http.getRequestURI());
      }
      throw e;
    } finally {
      // Threads are pooled: the next request on this thread must not inherit this customer.
      if (putEmail) {
        MDC.remove(emailKey);
      }
      if (putName) {
        MDC.remove(nameKey);
      }
    }
  }

  /** The signed-in customer's email address, or null: by default an email-shaped principal name. */
  protected @Nullable String email(HttpServletRequest request) {
    Principal user = request.getUserPrincipal();
    String name = user == null ? null : user.getName();
    return EmailAddresses.normalize(name) != null ? name : null; // the appender's own rule
  }

  /** The customer's full name, or null (the default). */
  protected @Nullable String name(HttpServletRequest request) {
    return null;
  }
}
