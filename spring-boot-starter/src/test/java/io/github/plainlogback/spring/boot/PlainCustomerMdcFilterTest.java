package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** What the customer filter puts into the MDC, and that it takes out exactly that. */
class PlainCustomerMdcFilterTest {
  private final PlainCustomerMdcFilter filter =
      new PlainCustomerMdcFilter(
          new DefaultPlainCustomerResolver(), "customerEmail", "customerName", "requestId");

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
    MDC.clear();
  }

  /** Runs one request as {@code auth}; returns the MDC the application saw while serving it. */
  private Map<String, String> serve(PlainCustomerMdcFilter f, Authentication auth)
      throws Exception {
    SecurityContextHolder.getContext().setAuthentication(auth);
    Map<String, String> seen = new HashMap<>();
    MockFilterChain chain =
        new MockFilterChain(
            new jakarta.servlet.http.HttpServlet() {
              @Override
              protected void service(
                  jakarta.servlet.http.HttpServletRequest req,
                  jakarta.servlet.http.HttpServletResponse res) {
                Map<String, String> mdc = MDC.getCopyOfContextMap();
                if (mdc != null) {
                  seen.putAll(mdc);
                }
              }
            });
    f.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), chain);
    return seen;
  }

  private Map<String, String> serve(Authentication auth) throws Exception {
    return serve(filter, auth);
  }

  private static Jwt jwt(Map<String, Object> claims) {
    return new Jwt(
        "token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "none"), claims);
  }

  @Test
  void aJwtsEmailAndNameClaims() throws Exception {
    Jwt jwt = jwt(Map.of("sub", "u-1", "email", "jane@example.com", "name", "Jane Doe"));
    Map<String, String> seen =
        serve(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES));
    assertThat(seen)
        .containsEntry("customerEmail", "jane@example.com")
        .containsEntry("customerName", "Jane Doe")
        .containsKey("requestId");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void anOidcUsersEmailClaimAndGivenAndFamilyName() throws Exception {
    OidcIdToken idToken =
        new OidcIdToken(
            "id-token",
            Instant.now(),
            Instant.now().plusSeconds(60),
            Map.of(
                "sub",
                "u-2",
                "email",
                "omar@example.com",
                "given_name",
                "Omar",
                "family_name",
                "Haddad"));
    DefaultOidcUser user = new DefaultOidcUser(AuthorityUtils.NO_AUTHORITIES, idToken);
    Map<String, String> seen =
        serve(new TestingAuthenticationToken(user, null, AuthorityUtils.NO_AUTHORITIES));
    assertThat(seen)
        .containsEntry("customerEmail", "omar@example.com")
        .containsEntry("customerName", "Omar Haddad");
  }

  @Test
  void aUserDetailsUsernameThatIsAnEmailButNotOneThatIsNot() throws Exception {
    User jane = new User("jane@example.com", "x", AuthorityUtils.NO_AUTHORITIES);
    assertThat(
            serve(
                UsernamePasswordAuthenticationToken.authenticated(
                    jane, null, AuthorityUtils.NO_AUTHORITIES)))
        .containsEntry("customerEmail", "jane@example.com")
        .doesNotContainKey("customerName");
    User admin = new User("admin", "x", AuthorityUtils.NO_AUTHORITIES);
    assertThat(
            serve(
                UsernamePasswordAuthenticationToken.authenticated(
                    admin, null, AuthorityUtils.NO_AUTHORITIES)))
        .doesNotContainKeys("customerEmail", "customerName")
        .containsKey("requestId");
  }

  @Test
  void aJwtWithoutAnEmailClaimFallsBackToAnEmailShapedSubject() throws Exception {
    assertThat(
            serve(
                new JwtAuthenticationToken(
                    jwt(Map.of("sub", "svc-7")), AuthorityUtils.NO_AUTHORITIES)))
        .doesNotContainKey("customerEmail");
    assertThat(
            serve(
                new JwtAuthenticationToken(
                    jwt(Map.of("sub", "ann@example.com")), AuthorityUtils.NO_AUTHORITIES)))
        .containsEntry("customerEmail", "ann@example.com");
  }

  @Test
  void anonymousAndUnauthenticatedRequestsHaveNoCustomer() throws Exception {
    assertThat(
            serve(
                new AnonymousAuthenticationToken(
                    "k", "anon@example.com", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))))
        .doesNotContainKey("customerEmail");
    assertThat(serve(null)).doesNotContainKey("customerEmail");
    assertThat(serve(UsernamePasswordAuthenticationToken.unauthenticated("jane@example.com", "x")))
        .doesNotContainKey("customerEmail");
  }

  @Test
  void valuesAlreadyInTheMdcAreLeftAloneAndNotRemoved() throws Exception {
    MDC.put("customerEmail", "own@example.com");
    MDC.put("requestId", "trace-1");
    Jwt jwt = jwt(Map.of("sub", "u-1", "email", "jane@example.com", "name", "Jane Doe"));
    Map<String, String> seen =
        serve(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES));
    assertThat(seen)
        .containsEntry("customerEmail", "own@example.com")
        .containsEntry("requestId", "trace-1")
        .containsEntry("customerName", "Jane Doe");
    assertThat(MDC.getCopyOfContextMap())
        .containsOnly(
            Map.entry("customerEmail", "own@example.com"), Map.entry("requestId", "trace-1"));
  }

  @Test
  void withoutARequestIdKeyNoRequestIdAndEachRequestGetsItsOwn() throws Exception {
    PlainCustomerMdcFilter noIds =
        new PlainCustomerMdcFilter(
            new DefaultPlainCustomerResolver(), "customerEmail", "customerName", null);
    assertThat(serve(noIds, null)).isEmpty();
    assertThat(serve(null).get("requestId")).isNotEqualTo(serve(null).get("requestId"));
  }

  @Test
  void aUserResolverDecidesAndAFailingOneLeavesTheRequestWithoutACustomer() throws Exception {
    PlainCustomerMdcFilter custom =
        new PlainCustomerMdcFilter(
            (request, auth) -> Optional.of(new PlainCustomer("c-" + auth.getName(), "C")),
            "email",
            "name",
            null);
    User bob = new User("bob@example.com", "x", AuthorityUtils.NO_AUTHORITIES);
    assertThat(
            serve(
                custom,
                UsernamePasswordAuthenticationToken.authenticated(
                    bob, null, AuthorityUtils.NO_AUTHORITIES)))
        .containsOnly(Map.entry("email", "c-bob@example.com"), Map.entry("name", "C"));

    PlainCustomerMdcFilter failing =
        new PlainCustomerMdcFilter(
            (request, auth) -> {
              throw new IllegalStateException("user table down");
            },
            "email",
            "name",
            null);
    assertThat(
            serve(
                failing,
                UsernamePasswordAuthenticationToken.authenticated(
                    bob, null, AuthorityUtils.NO_AUTHORITIES)))
        .isEmpty();
  }

  @Test
  void whatItPutIsRemovedWhenTheRequestThrows() {
    Jwt jwt = jwt(Map.of("sub", "u-1", "email", "jane@example.com"));
    SecurityContextHolder.getContext()
        .setAuthentication(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES));
    List<String> during = new java.util.ArrayList<>();
    assertThatThrownBy(
            () ->
                filter.doFilter(
                    new MockHttpServletRequest("GET", "/"),
                    new MockHttpServletResponse(),
                    (req, res) -> {
                      during.add(MDC.get("customerEmail"));
                      throw new ServletException("boom");
                    }))
        .hasMessage("boom");
    assertThat(during).containsExactly("jane@example.com");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
