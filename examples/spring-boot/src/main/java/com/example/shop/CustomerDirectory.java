package com.example.shop;

import java.util.Map;
import org.springframework.stereotype.Component;

/** Who the customers are; in a real app, your user repository. Usernames are email addresses. */
@Component
public class CustomerDirectory {
  private final Map<String, String> names =
      Map.of("jane@example.com", "Jane Doe", "omar@example.com", "Omar Haddad");

  public boolean isCustomer(String username) {
    return names.containsKey(username);
  }

  public String fullName(String email) {
    return names.get(email);
  }
}
