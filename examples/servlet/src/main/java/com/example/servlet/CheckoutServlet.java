package com.example.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A servlet that fails, as real ones sometimes do. */
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

  private static void charge(String order) {
    throw new IllegalStateException("Payment provider declined order " + order);
  }
}
