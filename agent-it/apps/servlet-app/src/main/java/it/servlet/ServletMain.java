package it.servlet;

import com.example.servlet.CheckoutServlet;
import it.webapp.CustomerFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * examples/servlet's servlet behind the application's own customer filter (which knows nothing of
 * Plain, as examples/servlet's own filter now extends the library's) in Jetty 12 on a free loopback
 * port, which it prints as "listening PORT".
 */
public final class ServletMain {
  public static void main(String[] args) throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler app = new ServletContextHandler(ServletContextHandler.SESSIONS);
    app.addFilter(new FilterHolder(fakeLogin()), "/*", EnumSet.of(DispatcherType.REQUEST));
    app.addFilter(CustomerFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
    app.addServlet(CheckoutServlet.class, "/checkout");
    jetty.setHandler(app);
    jetty.start();
    System.out.println("listening " + connector.getLocalPort());
    jetty.join();
  }

  /** Stands in for the application's authentication: the X-User header is the signed-in user. */
  private static Filter fakeLogin() {
    return (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader("X-User");
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return user == null ? null : () -> user;
            }
          },
          response);
    };
  }
}
