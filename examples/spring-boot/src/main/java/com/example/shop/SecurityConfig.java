package com.example.shop;

import io.github.plainlogback.spring.boot.PlainCustomer;
import io.github.plainlogback.spring.boot.PlainCustomerResolver;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
public class SecurityConfig {
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            a -> a.requestMatchers("/public/**").permitAll().anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(c -> c.disable())
        .build();
  }

  /**
   * Optional: the starter alone would already attach the signed-in user, whose username is an email
   * address. This bean replaces its default to add the customer's full name from our own directory,
   * and to leave out users who are not customers.
   */
  @Bean
  PlainCustomerResolver plainCustomers(CustomerDirectory customers) {
    return (request, auth) ->
        customers.isCustomer(auth.getName())
            ? Optional.of(new PlainCustomer(auth.getName(), customers.fullName(auth.getName())))
            : Optional.empty();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("jane@example.com").password("{noop}secret").roles("CUSTOMER").build(),
        User.withUsername("omar@example.com").password("{noop}secret").roles("CUSTOMER").build());
  }
}
