package com.example.errorshop;

import com.example.IdentityProviderStandIn;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * A JWT resource server whose controllers fail the ways real ones do: exceptions nothing handles
 * (with and without a cause), exceptions the application resolves itself, async request handling
 * and {@code @Async} work, and its own {@code TaskDecorator}. Nothing about Plain in it.
 */
@SpringBootApplication
@EnableAsync
public class ErrorShopApplication {

  /** The application's own decorator: puts its tenant into the task's MDC. */
  static final String TENANT_KEY = "tenant";

  @RestController
  static class Shop {
    private final Tasks tasks;

    Shop(Tasks tasks) {
      this.tasks = tasks;
    }

    @GetMapping("/server")
    String server(HttpServletRequest request) {
      return request.getServletContext().getServerInfo();
    }

    @GetMapping({"/orders/{id}", "/public/orders/{id}"})
    String order(@PathVariable("id") String id) {
      throw new IllegalStateException("Order " + id + " is gone");
    }

    @GetMapping("/invoices/{id}")
    String invoice(@PathVariable("id") String id) {
      try {
        return Integer.toString(Integer.parseInt("#" + id));
      } catch (NumberFormatException e) {
        throw new InvoiceFailed("Invoice " + id + " cannot be read", e);
      }
    }

    @GetMapping("/payments/{id}")
    String payment(@PathVariable("id") String id) {
      throw new PaymentDeclined("Payment " + id + " declined");
    }

    @GetMapping("/seats/{id}")
    String seat(@PathVariable("id") String id) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "Seat " + id + " is taken");
    }

    @GetMapping("/search")
    String search(@RequestParam("q") String q) {
      return q;
    }

    @GetMapping("/admin")
    String admin() {
      throw new AccessDeniedException("not an admin");
    }

    @GetMapping("/quotes/{id}")
    CompletableFuture<String> quote(@PathVariable("id") String id) {
      return tasks.quote(id);
    }

    @GetMapping("/reports/{id}")
    Callable<String> report(@PathVariable("id") String id) {
      return () -> {
        throw new UnsupportedOperationException("Report " + id + " cannot be built");
      };
    }

    @GetMapping({"/refunds/{id}", "/public/refunds/{id}"})
    String refund(@PathVariable("id") String id) {
      tasks.refund(id);
      return "accepted";
    }

    @GetMapping("/audits/{id}")
    String audit(@PathVariable("id") String id) {
      tasks.audit(id);
      return "accepted";
    }

    @GetMapping("/exports/{id}")
    String export(@PathVariable("id") String id) {
      tasks.export(id);
      return "accepted";
    }
  }

  static class InvoiceFailed extends RuntimeException {
    InvoiceFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static class PaymentDeclined extends RuntimeException {
    PaymentDeclined(String message) {
      super(message);
    }
  }

  @RestControllerAdvice
  static class Advice {
    @ExceptionHandler(PaymentDeclined.class)
    ResponseEntity<String> declined(PaymentDeclined e) {
      return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).body("declined");
    }
  }

  @Component
  public static class Tasks {
    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

    private volatile Thread lastThread;

    /** The thread the last task ran on (a method: the bean is an {@code @Async} proxy). */
    public Thread lastThread() {
      return lastThread;
    }

    @Async
    public void refund(String id) {
      lastThread = Thread.currentThread();
      try {
        throw new IllegalStateException("Refund " + id + " bounced");
      } catch (IllegalStateException e) {
        LOG.error("Refund {} failed", id, e);
      }
    }

    @Async
    public void audit(String id) {
      lastThread = Thread.currentThread();
      LOG.error("Audit {} failed", id, new IllegalStateException("Audit " + id + " has gaps"));
    }

    /** Thrown, not logged: Spring's AsyncUncaughtExceptionHandler has it. */
    @Async
    public void export(String id) {
      lastThread = Thread.currentThread();
      throw new IllegalArgumentException("Export " + id + " has no rows");
    }

    @Async
    public CompletableFuture<String> quote(String id) {
      lastThread = Thread.currentThread();
      throw new ArithmeticException("Quote " + id + " divides by zero");
    }
  }

  @Bean
  TaskDecorator tenantDecorator() {
    return task -> {
      String tenant = "acme";
      return () -> {
        MDC.put(TENANT_KEY, tenant);
        try {
          task.run();
        } finally {
          MDC.remove(TENANT_KEY);
        }
      };
    };
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            a -> a.requestMatchers("/public/**", "/error").permitAll().anyRequest().authenticated())
        .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
        .csrf(c -> c.disable())
        .build();
  }

  /** Stands in for the identity provider: a customer's token and a service account's. */
  @Bean
  JwtDecoder jwtDecoder() {
    return IdentityProviderStandIn::decode;
  }
}
