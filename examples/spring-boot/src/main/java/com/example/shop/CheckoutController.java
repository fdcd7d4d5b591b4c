package com.example.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CheckoutController {
  private static final Logger LOG = LoggerFactory.getLogger(CheckoutController.class);
  private final PaymentService payments = new PaymentService();

  @PostMapping({"/checkout/{order}", "/public/checkout/{order}"})
  public String checkout(@PathVariable String order) {
    payments.charge(order);
    return "paid";
  }

  /** Logged inside the request, while the starter's filter has the customer in the MDC. */
  @ExceptionHandler(IllegalStateException.class)
  @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
  public String failed(IllegalStateException e) {
    LOG.error("Checkout failed", e);
    return "checkout failed";
  }

  static final class PaymentService {
    void charge(String order) {
      throw new IllegalStateException("Payment provider declined order " + order);
    }
  }
}
