package com.example;

import java.time.Instant;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Stands in for the identity provider of the test applications: two known tokens, a customer's
 * ({@code jane-token}: jane@example.com, Jane Doe) and a service account's ({@code service-token},
 * no email); any other token is refused as a bad JWT.
 */
public final class IdentityProviderStandIn {
  private IdentityProviderStandIn() {}

  /** The decoded token, as a {@code JwtDecoder} (or, wrapped, a reactive one) answers. */
  public static Jwt decode(String token) {
    Jwt.Builder jwt =
        Jwt.withTokenValue(token)
            .header("alg", "none")
            .issuedAt(Instant.now())
            .expiresAt(Instant.now().plusSeconds(300));
    return switch (token) {
      case "jane-token" ->
          jwt.subject("u-1").claim("email", "jane@example.com").claim("name", "Jane Doe").build();
      case "service-token" -> jwt.subject("svc-7").build();
      default -> throw new BadJwtException("unknown token");
    };
  }
}
