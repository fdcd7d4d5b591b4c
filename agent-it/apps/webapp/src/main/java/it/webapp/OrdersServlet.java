package it.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails as servlets do, without logging it: GET /orders/ok answers, any other order throws; POST
 * /pay throws with a cause; GET /log logs an ERROR of its own (the request after which every report
 * before it has been made, and the last line of the application's output).
 */
public class OrdersServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(OrdersServlet.class);

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI();
    LOG.info("serving {}", path);
    if (path.equals("/log")) {
      LOG.error("logged by the application for {}", request.getHeader("X-User"));
      // The last line on stderr too (where Tomcat's own log goes): whoever reads it has all before.
      System.err.println("served /log");
      response.getWriter().print("logged");
      return;
    }
    String order = path.substring(path.lastIndexOf('/') + 1);
    if (order.equals("ok")) {
      response.getWriter().print("order ok");
      return;
    }
    throw new IllegalStateException("Order " + order + " is not in the warehouse");
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    LOG.info("paying");
    throw new IllegalArgumentException(
        "Card declined", new UncheckedIOException(new IOException("payment provider hung up")));
  }
}
