package com.example.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10). */
class JettySmokeTest extends ServletContainerSmokeTest {
  private Server jetty;

  @Override
  String startContainer(Filter login) throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler app = new ServletContextHandler(ServletContextHandler.SESSIONS);
    app.addFilter(new FilterHolder(login), "/*", EnumSet.of(DispatcherType.REQUEST));
    app.addFilter(PlainCustomerFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
    app.addServlet(CheckoutServlet.class, "/checkout");
    jetty.setHandler(app);
    jetty.start();
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  @Override
  void stopContainer() throws Exception {
    jetty.stop();
  }
}
