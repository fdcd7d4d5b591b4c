package io.github.plainlogback.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ReportLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {
  private final Redactor defaults = new Redactor(true, List.of(Pattern.compile("ORD-\\d{6}")));

  private static final String PEM =
      "-----BEGIN RSA PRIVATE KEY-----\n"
          + "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
          + "aFDrBz9vFqU4yU6bO3pJ5Ffs4M2RZ9iQ8n3mdfe+4OjJ2v9yR0ex5B3QY8zLLQ==\n"
          + "-----END RSA PRIVATE KEY-----";

  /**
   * One example per built-in rule, by name: {input, expected}. {@link #everyRuleHasAnExample} fails
   * when a rule is added without one.
   */
  static final Map<String, List<String[]>> EXAMPLES = new LinkedHashMap<>();

  static {
    ex("pem-private-key", "key was\n" + PEM + "\nend", "key was\n[REDACTED]\nend");
    ex(
        "pem-private-key",
        "cut: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
        "cut: [REDACTED]");
    ex("authorization-header", "Authorization: Bearer abc.def-ghi", "Authorization: [REDACTED]");
    ex("authorization-header", "authorization=Basic dXNlcjpwYXNz", "authorization=[REDACTED]");
    ex("bearer-token", "sent bearer abcDEF123== upstream", "sent bearer [REDACTED] upstream");
    ex(
        "url-credentials",
        "connect postgres://shop:s3cr3t@db.internal:5432/shop failed",
        "connect postgres://shop:[REDACTED]@db.internal:5432/shop failed");
    ex(
        "url-credentials",
        "GET https://admin:p@ss@example.com/x",
        "GET https://admin:[REDACTED]@example.com/x");
    ex(
        "secret-json-pair",
        "{\"password\":\"p@ss word\",\"user\":\"jane\"}",
        "{\"password\":\"[REDACTED]\",\"user\":\"jane\"}");
    ex(
        "secret-json-pair",
        "{\"accessToken\": \"abc\\\"def\", \"n\": 1}",
        "{\"accessToken\": \"[REDACTED]\", \"n\": 1}");
    ex(
        "secret-assignment",
        "login failed password=hunter2 for jane",
        "login failed password=[REDACTED] for jane");
    ex("secret-assignment", "accessToken=abc123 next", "accessToken=[REDACTED] next");
    ex("secret-assignment", "clientSecret = 'a b' next", "clientSecret = '[REDACTED]' next");
    ex("secret-assignment", "newPassword=\"x y\" next", "newPassword=\"[REDACTED]\" next");
    ex(
        "secret-assignment",
        "spring.datasource.password=hunter2",
        "spring.datasource.password=[REDACTED]");
    ex(
        "secret-assignment",
        "GET /cb?code=1&access_token=xyz123&state=2",
        "GET /cb?code=1&access_token=[REDACTED]&state=2");
    ex("secret-assignment", "api_key = k-999", "api_key = [REDACTED]");
    ex("secret-colon", "x-api-key: k-999 sent", "x-api-key: [REDACTED] sent");
    ex("secret-colon", "secret: 'abc 1' next", "secret: '[REDACTED]' next");
    ex("secret-colon", "Cookie: SESSION=abc", "Cookie: [REDACTED]");
    ex("jwt", "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123 end", "jwt [REDACTED] end");
    ex("jwt", "cut eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx", "cut [REDACTED]");
    ex("aws-access-key-id", "key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED] used");
    ex("plain-api-key", "plainApiKey_abc-123_XYZ leaked", "[REDACTED] leaked");
    ex(
        "github-token",
        "push with ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 failed",
        "push with [REDACTED] failed");
    ex(
        "github-token",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123 used",
        "[REDACTED] used");
    ex("stripe-key", "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe [REDACTED]");
    ex("stripe-key", "stripe rk_live_51H8xYzAbCdEfGh", "stripe [REDACTED]");
    ex("slack-token", "slack xoxb-123456789012-abcdefABCDEF", "slack [REDACTED]");
    ex("google-api-key", "maps AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q ok", "maps [REDACTED] ok");
    ex("gitlab-token", "gitlab glpat-xxxxXXXXxxxxXXXXxxxx ok", "gitlab [REDACTED] ok");
    ex("npm-token", "npm npm_abcdefghijklmnopqrstuvwxyz0123456789 ok", "npm [REDACTED] ok");
    ex("card-number", "card 4111 1111 1111 1111 declined", "card [REDACTED] declined");
    ex("card-number", "5500-0000-0000-0004", "[REDACTED]");
    ex("card-number", "378282246310005", "[REDACTED]");
    ex("card-number", "order 4111111111111112", "order 4111111111111112"); // not Luhn: kept
    // mdc-secret-key works on MDC keys, not text: its examples are keys that must match.
    ex("mdc-secret-key", "X-Auth-Token", "[REDACTED]");
    ex("mdc-secret-key", "sessionId", "[REDACTED]");
    ex("mdc-secret-key", "db.password", "[REDACTED]");
  }

  private static void ex(String rule, String input, String expected) {
    EXAMPLES
        .computeIfAbsent(rule, k -> new java.util.ArrayList<>())
        .add(new String[] {input, expected});
  }

  static Stream<Arguments> examples() {
    return EXAMPLES.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(x -> Arguments.of(e.getKey(), x[0], x[1])));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("examples")
  void eachBuiltInRuleRedactsItsExample(String rule, String input, String expected) {
    Redactor.Rule r =
        Redactor.BUILT_IN.stream().filter(x -> x.name().equals(rule)).findFirst().orElseThrow();
    if (r.target() == Redactor.Target.MDC_KEY) {
      assertThat(r.pattern().matcher(input).find()).as(input).isTrue();
      ErrorReport report = report("m", Map.of(input, "harmless-looking 42", "tenant", "acme"));
      assertThat(defaults.redact(report).mdc())
          .containsEntry(input, expected)
          .containsEntry("tenant", "acme");
    } else {
      assertThat(defaults.redact(input)).isEqualTo(expected);
      // The rule alone does it, not a neighbour.
      assertThat(new Redactor(false, List.of()).redact(input)).isEqualTo(input);
      String alone = input;
      java.util.regex.Matcher m = r.pattern().matcher(alone);
      if (!input.equals(expected)) {
        assertThat(m.find()).as(rule + " matches its own example").isTrue();
      }
    }
  }

  @Test
  void everyRuleHasAnExampleAndTheDocsListEveryRule() throws IOException {
    String docs = Files.readString(Path.of("docs/security.md"));
    for (Redactor.Rule r : Redactor.BUILT_IN) {
      assertThat(EXAMPLES).as("an example for " + r.name()).containsKey(r.name());
      assertThat(docs).as("docs/security.md lists " + r.name()).contains("| `" + r.name() + "` |");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "user pattern | order ORD-123456 failed | order [REDACTED] failed",
        "timestamp: kept | at 1732500000123 ms | at 1732500000123 ms",
        "nothing secret | Payment provider declined | Payment provider declined",
        "token as a word | the Bearer token is missing | the Bearer token is missing",
        "counts stay | maxTokens=5 tokenCount=3 | maxTokens=5 tokenCount=3"
      })
  void redacts(String what, String input, String expected) {
    assertThat(defaults.redact(input)).isEqualTo(expected);
  }

  /** No rule eats ordinary stack-trace text, common words in class names included. */
  @Test
  void ordinaryStackTraceTextSurvivesUnchanged() {
    String trace =
        "java.lang.IllegalStateException: could not refresh the session for order 42\n"
            + "\tat com.example.auth.TokenService.refresh(TokenService.java:42)\n"
            + "\tat com.example.auth.TokenService$Refresher.run(TokenService.java:88)\n"
            + "\tat com.example.secrets.SecretStore.load(SecretStore.java:17)\n"
            + "\tat com.example.secrets.PasswordPolicy.check(PasswordPolicy.java:5)\n"
            + "\tat com.example.api.ApiKeyFilter.doFilter(ApiKeyFilter.java:61)\n"
            + "\tat org.springframework.security.oauth2.server.resource.web.authentication"
            + ".BearerTokenAuthenticationFilter.doFilterInternal(BearerTokenAuthenticationFilter.java:128)\n"
            + "\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:164)\n"
            + "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)\n"
            + "\tat java.base/java.lang.Thread.run(Thread.java:1583)\n"
            + "Caused by: com.example.auth.TokenExpiredException: token expired at 2026-11-28T10:15:30Z\n"
            + "\tat com.example.auth.JwtDecoder.decode(JwtDecoder.java:77)\n"
            + "\tat com.example.auth.TokenService.refresh(TokenService.java:40)\n"
            + "\t... 6 more\n"
            + "\tSuppressed: com.example.auth.InvalidToken: the token was rejected\n"
            + "\t\tat com.example.auth.TokenValidator.validate(TokenValidator.java:12)\n"
            + "\t\t... 7 more\n"
            + "Caused by: java.net.SocketTimeoutException: Read timed out after 3000 ms (secret store)\n"
            + "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n";
    assertThat(defaults.redact(trace)).isEqualTo(trace);
  }

  @Test
  void redactsBeforeCuttingSoAStraddlingSecretLeavesNoPrefix() {
    String jwt =
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV";
    String card = "4111 1111 1111 1111";
    for (String secret : List.of(jwt, card)) {
      String filler = "x".repeat(ReportLimits.MAX_MESSAGE_CHARS - 40);
      // As capture keeps it: the limit plus the redaction margin.
      String captured =
          ReportLimits.capForRedaction(
              filler + " " + secret + " " + "y".repeat(20_000), ReportLimits.MAX_MESSAGE_CHARS);
      String sent = defaults.redact(report(captured, Map.of())).message();
      assertThat(sent.length()).isLessThanOrEqualTo(ReportLimits.MAX_MESSAGE_CHARS);
      assertThat(sent).doesNotContain(secret.substring(0, 8)).doesNotContain("4111");
      assertThat(sent).endsWith("more characters]");
    }
  }

  @Test
  void cutsToTheLimitEvenWithoutRules() {
    Redactor none = new Redactor(false, List.of());
    String captured =
        ReportLimits.capForRedaction("z".repeat(30_000), ReportLimits.MAX_MESSAGE_CHARS);
    String sent = none.redact(report(captured, Map.of())).message();
    assertThat(sent.length()).isLessThanOrEqualTo(ReportLimits.MAX_MESSAGE_CHARS);
    // One marker, counting both cuts.
    assertThat(sent).containsOnlyOnce("more characters]");
    int hidden = Integer.parseInt(sent.replaceAll(".*\\[(\\d+) more characters]$", "$1"));
    assertThat(sent.indexOf(' ') + hidden).isEqualTo(30_000);
  }

  @Test
  void defaultsCanBeTurnedOff() {
    assertThat(
            new Redactor(false, List.of(Pattern.compile("ORD-\\d{6}")))
                .redact("password=hunter2 ORD-123456"))
        .isEqualTo("password=hunter2 [REDACTED]");
    Redactor off = new Redactor(false, List.of());
    assertThat(off.redact(report("m", Map.of("accessToken", "abc"))).mdc())
        .containsEntry("accessToken", "abc");
  }

  @Test
  void luhn() {
    assertThat(Redactor.passesLuhn("4111111111111111")).isTrue();
    assertThat(Redactor.passesLuhn("4111111111111112")).isFalse();
    assertThat(Redactor.passesLuhn("4111")).isFalse();
    assertThat(new Redactor(false, List.of()).isEmpty()).isTrue();
  }

  private static ErrorReport report(String message, Map<String, String> mdc) {
    return new ErrorReport(
        1L, "jane@example.com", null, "shop.A", "main", 0L, message, mdc, null, List.of());
  }
}
