package com.example.starter;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.example.IdentityProviderStandIn;
import io.github.plainlogback.PlainThreadAppender;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A resource server as a Boot user writes one: JWT bearer tokens, an ERROR logged while serving.
 * Nothing about Plain in it but the starter on the classpath and its properties. (Outside
 * io.github.plainlogback, whose loggers the appender ignores.)
 */
@SpringBootApplication
public class JwtShopApplication {

  @RestController
  static class Orders {
    private static final Logger LOG = LoggerFactory.getLogger(Orders.class);

    @GetMapping("/orders/{id}")
    ResponseEntity<String> order(@PathVariable("id") String id) {
      try {
        throw new IllegalStateException("Order " + id + " is gone");
      } catch (IllegalStateException e) {
        LOG.error("Order lookup failed", e);
        return ResponseEntity.status(500).body("failed");
      }
    }
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            a -> a.requestMatchers("/actuator/**").permitAll().anyRequest().authenticated())
        .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
        .csrf(c -> c.disable())
        .build();
  }

  /**
   * Records, when the first lifecycle phase starts (before the web server's, which accepts
   * requests), how many Plain appenders the root logger has: errors of the first request are
   * reported.
   */
  @Bean
  StartupProbe startupProbe() {
    return new StartupProbe();
  }

  static class StartupProbe implements SmartLifecycle {
    volatile int plainAppendersAtStart = -1;
    private volatile boolean running;

    @Override
    public void start() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      int n = 0;
      for (Iterator<Appender<ILoggingEvent>> it =
              context
                  .getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME)
                  .iteratorForAppenders();
          it.hasNext(); ) {
        if (it.next() instanceof PlainThreadAppender) {
          n++;
        }
      }
      plainAppendersAtStart = n;
      running = true;
    }

    @Override
    public void stop() {
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return Integer.MIN_VALUE;
    }
  }

  /** Stands in for the identity provider: two known tokens, a customer's and a service's. */
  @Bean
  JwtDecoder jwtDecoder() {
    return IdentityProviderStandIn::decode;
  }
}
