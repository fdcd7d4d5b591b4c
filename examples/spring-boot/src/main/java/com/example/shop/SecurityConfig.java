package com.example.shop;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

@Configuration
public class SecurityConfig {
  @Bean
  SecurityFilterChain security(HttpSecurity http, CustomerDirectory customers) throws Exception {
    return http.authorizeHttpRequests(
            a -> a.requestMatchers("/public/**").permitAll().anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(c -> c.disable())
        // After authentication, so the filter knows who is signed in.
        .addFilterAfter(new PlainCustomerFilter(customers), BasicAuthenticationFilter.class)
        .build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("jane@example.com").password("{noop}secret").roles("CUSTOMER").build(),
        User.withUsername("omar@example.com").password("{noop}secret").roles("CUSTOMER").build());
  }
}
