package it.webapp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Handles what the servlet throws on /handled/*, as Spring Security's ExceptionTranslationFilter
 * handles an access denial: the application's business, answered 409, not an unhandled error.
 */
public class ConflictFilter implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (IllegalStateException e) {
      ((HttpServletResponse) response).sendError(409, "conflict");
    }
  }
}
