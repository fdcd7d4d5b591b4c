package io.github.plainlogback.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.util.ClassUtils;

/**
 * The customer from the usual places: an OIDC user's or a JWT's {@code email} claim (with {@code
 * name}, or {@code given_name} and {@code family_name}), an OAuth2 user's {@code email} attribute,
 * else the principal's name (a {@code UserDetails} username) when it is an email address.
 */
public class DefaultPlainCustomerResolver implements PlainCustomerResolver {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private static final boolean OAUTH2 =
      ClassUtils.isPresent(
          "org.springframework.security.oauth2.core.ClaimAccessor",
          DefaultPlainCustomerResolver.class.getClassLoader());

  @Override
  public Optional<PlainCustomer> resolve(
      HttpServletRequest request, Authentication authentication) {
    return customerOf(authentication);
  }

  /**
   * The customer of an authentication by these rules, whatever the request; shared with the
   * reactive default ({@link DefaultPlainReactiveCustomerResolver}), which has no servlet request.
   */
  static Optional<PlainCustomer> customerOf(Authentication authentication) {
    if (OAUTH2) {
      Optional<PlainCustomer> fromClaims = OAuth2Claims.customer(authentication.getPrincipal());
      if (fromClaims.isPresent()) {
        return fromClaims;
      }
    }
    Object principal = authentication.getPrincipal();
    String name =
        principal instanceof UserDetails user ? user.getUsername() : authentication.getName();
    return isEmail(name) ? Optional.of(PlainCustomer.ofEmail(name.strip())) : Optional.empty();
  }

  static boolean isEmail(@Nullable String s) {
    return s != null && EMAIL.matcher(s.strip()).matches();
  }

  /** Touches the OAuth2 types only when spring-security-oauth2-core is there. */
  private static final class OAuth2Claims {
    static Optional<PlainCustomer> customer(Object principal) {
      Map<String, Object> claims;
      if (principal instanceof ClaimAccessor accessor) { // Jwt, OidcUser
        claims = accessor.getClaims();
      } else if (principal instanceof OAuth2AuthenticatedPrincipal user) { // OAuth2User, opaque
        claims = user.getAttributes();
      } else {
        return Optional.empty();
      }
      String email = text(claims.get("email"));
      if (email == null || !isEmail(email)) {
        return Optional.empty();
      }
      String name = text(claims.get("name"));
      if (name == null) {
        String given = text(claims.get("given_name"));
        String family = text(claims.get("family_name"));
        name =
            given == null ? family : family == null ? given : given + " " + family; // may be null
      }
      return Optional.of(new PlainCustomer(email.strip(), name));
    }

    private static @Nullable String text(@Nullable Object value) {
      return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
  }
}
