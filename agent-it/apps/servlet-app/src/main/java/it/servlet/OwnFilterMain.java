package it.servlet;

import it.webapp.ConflictFilter;
import it.webapp.CustomerFilter;
import it.webapp.OrdersServlet;
import it.webapp.PassThroughFilter;
import it.webapp.Routes;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * ../webapp in Jetty 12 (ee10) on a free loopback port, which it prints as "listening PORT": an
 * application's own MDC filter, a pass-through filter inside it, and servlets that throw.
 */
public final class OwnFilterMain {
  public static void main(String[] args) throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler app = new ServletContextHandler();
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    app.addFilter(CustomerFilter.class, "/*", requests);
    app.addFilter(PassThroughFilter.class, "/*", requests);
    app.addFilter(ConflictFilter.class, Routes.CONFLICT, requests);
    for (String route : Routes.ORDERS) {
      app.addServlet(OrdersServlet.class, route);
    }
    jetty.setHandler(app);
    jetty.start();
    System.out.println("listening " + connector.getLocalPort());
    System.err.println("started"); // every start-up line on stderr is before this one
    jetty.join();
  }
}
