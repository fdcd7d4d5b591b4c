package com.example.reactive;

import com.example.IdentityProviderStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A WebFlux resource server as a Boot user writes one (Netty, JWT bearer tokens), with the usual
 * ways a request fails. Nothing about Plain in it but the starter on the classpath and its
 * properties.
 */
@SpringBootApplication
@EnableWebFluxSecurity
public class ReactiveShopApplication {

  @RestController
  static class Orders {
    private static final Logger LOG = LoggerFactory.getLogger(Orders.class);

    /** Fails on another scheduler, and nothing handles it: the customer gets a 500. */
    @GetMapping("/orders/{id}")
    Mono<String> order(@PathVariable("id") String id) {
      return Mono.just(id).publishOn(Schedulers.boundedElastic()).map(Orders::load);
    }

    private static String load(String id) {
      throw new IllegalStateException("Order " + id + " is gone");
    }

    /** Logs an error on another scheduler and answers with a fallback. */
    @GetMapping("/stock/{id}")
    Mono<String> stock(@PathVariable("id") String id) {
      return Mono.just(id)
          .publishOn(Schedulers.boundedElastic())
          .map(
              i -> {
                LOG.error(
                    "Stock check failed on " + Thread.currentThread().getName(),
                    new IllegalArgumentException("No stock record for item " + i));
                return "unknown";
              });
    }

    /** The same, inside handle(), which restores thread locals even without automatic mode. */
    @GetMapping("/reservations/{id}")
    Mono<String> reserve(@PathVariable("id") String id) {
      return Mono.just(id)
          .publishOn(Schedulers.boundedElastic())
          .handle(
              (i, sink) -> {
                LOG.error(
                    "Reservation failed on " + Thread.currentThread().getName(),
                    new UnsupportedOperationException("Cannot reserve item " + i));
                sink.next("later");
              });
    }

    @GetMapping("/missing/{id}")
    Mono<String> missing(@PathVariable("id") String id) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id);
    }

    @GetMapping("/invalid/{id}")
    Mono<String> invalid(@PathVariable("id") String id) {
      return Mono.error(new InvalidOrderException("Order id " + id + " is malformed"));
    }

    /** Names a 400, but Boot's error handler answers 500 for any ErrorResponse that is no RSE. */
    @GetMapping("/problems/{id}")
    Mono<String> problem(@PathVariable("id") String id) {
      return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST));
    }

    @GetMapping("/conflict/{id}")
    Mono<String> conflict(@PathVariable("id") String id) {
      return Mono.error(new OrderConflictException("Order " + id + " changed meanwhile"));
    }

    /** Resolved by the application itself: its business (reported only when it logs it). */
    @ExceptionHandler(OrderConflictException.class)
    ResponseEntity<String> conflicted(OrderConflictException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body("conflict");
    }

    @GetMapping("/public/boom")
    Mono<String> publicBoom() {
      return Mono.error(new IllegalStateException("The public page broke"));
    }
  }

  @ResponseStatus(HttpStatus.BAD_REQUEST)
  static class InvalidOrderException extends RuntimeException {
    InvalidOrderException(String message) {
      super(message);
    }
  }

  static class OrderConflictException extends RuntimeException {
    OrderConflictException(String message) {
      super(message);
    }
  }

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http) {
    return http.authorizeExchange(
            a -> a.pathMatchers("/public/**").permitAll().anyExchange().authenticated())
        .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
        .csrf(c -> c.disable())
        .build();
  }

  /** Stands in for the identity provider: two known tokens, a customer's and a service's. */
  @Bean
  ReactiveJwtDecoder jwtDecoder() {
    return token -> Mono.fromCallable(() -> IdentityProviderStandIn.decode(token));
  }
}
