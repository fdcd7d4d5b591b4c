package io.github.plainlogback.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  private final Redactor defaults = new Redactor(true, List.of(Pattern.compile("ORD-\\d{6}")));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization header | Authorization: Bearer abc.def-ghi | Authorization: [REDACTED]",
        "Authorization basic | authorization=Basic dXNlcjpwYXNz | authorization=[REDACTED]",
        "bare bearer token | sent bearer abcDEF123== upstream | sent bearer [REDACTED] upstream",
        "password pair | login failed password=hunter2 for jane | login failed password=[REDACTED] for jane",
        "quoted secret | secret: 'abc 1' next | secret: '[REDACTED]' next",
        "double-quoted token | token=\"a b c\" next | token=\"[REDACTED]\" next",
        "token in a query | GET /cb?code=1&access_token=xyz123&state=2 | GET /cb?code=1&access_token=[REDACTED]&state=2",
        "api key pair | api_key = k-999 | api_key = [REDACTED]",
        "JSON secret | {\"password\":\"p@ss word\",\"user\":\"jane\"} | {\"password\":\"[REDACTED]\",\"user\":\"jane\"}",
        "JWT | jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123 end | jwt [REDACTED] end",
        "AWS access key | key AKIAIOSFODNN7EXAMPLE used | key [REDACTED] used",
        "Plain API key | plainApiKey_abc-123_XYZ leaked | [REDACTED] leaked",
        "Visa with spaces | card 4111 1111 1111 1111 declined | card [REDACTED] declined",
        "Mastercard with dashes | 5500-0000-0000-0004 | [REDACTED]",
        "Amex | 378282246310005 | [REDACTED]",
        "user pattern | order ORD-123456 failed | order [REDACTED] failed",
        "not Luhn: kept | order 4111111111111112 | order 4111111111111112",
        "timestamp: kept | at 1732500000123 ms | at 1732500000123 ms",
        "nothing secret | Payment provider declined | Payment provider declined"
      })
  void redacts(String what, String input, String expected) {
    assertThat(defaults.redact(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"defaults off | password=hunter2 ORD-123456 | password=hunter2 [REDACTED]"})
  void defaultsCanBeTurnedOff(String what, String input, String expected) {
    assertThat(new Redactor(false, List.of(Pattern.compile("ORD-\\d{6}"))).redact(input))
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void luhn() {
    assertThat(Redactor.passesLuhn("4111111111111111")).isTrue();
    assertThat(Redactor.passesLuhn("4111111111111112")).isFalse();
    assertThat(Redactor.passesLuhn("4111")).isFalse();
    assertThat(new Redactor(false, List.of()).isEmpty()).isTrue();
  }
}
