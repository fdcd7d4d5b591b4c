package it.webapp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.slf4j.MDC;

/**
 * The application's own customer filter, as applications write it: the signed-in user (here the
 * X-User header) in the MDC for the length of the request, removed in finally. Knows nothing of
 * Plain.
 */
public class CustomerFilter implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String user = ((HttpServletRequest) request).getHeader("X-User");
    if (user != null) {
      MDC.put("customerEmail", user);
    }
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove("customerEmail");
    }
  }
}
