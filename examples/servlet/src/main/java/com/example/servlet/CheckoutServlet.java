package com.example.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet that fails, as real ones sometimes do: POST logs its error and answers 500 itself; GET
 * lets the exception escape to the container, which answers 500.
 */
public class CheckoutServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(CheckoutServlet.class);

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String order = request.getParameter("order");
    try {
      charge(order);
      response.getWriter().println("paid");
    } catch (IllegalStateException e) {
      LOG.error("Checkout failed for order {}", order, e);
      response.sendError(500, "checkout failed");
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    throw new IllegalStateException(
        "Order store unavailable",
        new java.io.UncheckedIOException(new java.io.IOException("timeout")));
  }

  private static void charge(String order) {
    throw new IllegalStateException("Payment provider declined order " + order);
  }
}
