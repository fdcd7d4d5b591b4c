package it.boot;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot app that knows nothing of Plain: Boot's default logging, failing endpoints. */
@SpringBootApplication
@RestController
public class BootApp {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(BootApp.class);
  private final ConfigurableEnvironment environment;

  public BootApp(ConfigurableEnvironment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    SpringApplication.run(BootApp.class, args);
  }

  /** Stands in for authentication and the customer filter: the X-User header into the MDC. */
  @Bean
  Filter customerFilter() {
    return (request, response, chain) -> {
      String user = ((HttpServletRequest) request).getHeader("X-User");
      if (user != null) {
        MDC.put("customerEmail", user);
      }
      try {
        chain.doFilter(request, response);
      } finally {
        MDC.remove("customerEmail");
      }
    };
  }

  @PostMapping("/checkout")
  ResponseEntity<String> checkout() {
    try {
      throw new IllegalStateException("Payment provider declined");
    } catch (IllegalStateException e) {
      LOG.error("Checkout failed", e);
      return ResponseEntity.status(500).body("checkout failed");
    }
  }

  @PostMapping("/refund")
  ResponseEntity<String> refund() {
    LOG.error("Refund failed", new IllegalArgumentException("no such order"));
    return ResponseEntity.status(500).body("refund failed");
  }

  /** Fails without logging it: the exception leaves the controller, Boot answers 500. */
  @GetMapping("/orders/{id}")
  String order(@PathVariable String id) {
    throw new IllegalStateException("Order " + id + " is not in the warehouse");
  }

  /** What a refresh does to logging: Boot cleans up (listeners gone) and initializes again. */
  @PostMapping("/reinitialize-logging")
  String reinitializeLogging() {
    LoggingSystem system = LoggingSystem.get(BootApp.class.getClassLoader());
    system.cleanUp();
    system.beforeInitialize();
    system.initialize(new LoggingInitializationContext(environment), null, null);
    LOG.info("logging reinitialized");
    return "ok";
  }

  /** PlainThreadAppenders on the root logger, whichever copy (compared by class name). */
  @GetMapping("/plain-appenders")
  String plainAppenders() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    int n = 0;
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it =
            root.iteratorForAppenders();
        it.hasNext(); ) {
      if (it.next().getClass().getName().equals("io.github.plainlogback.PlainThreadAppender")) {
        n++;
      }
    }
    return String.valueOf(n);
  }
}
