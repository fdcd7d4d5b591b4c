package io.github.plainlogback.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {
  @ParameterizedTest
  @CsvSource({
    "jane@example.com, jane@example.com",
    "'  Jane.Doe@Example.COM ', jane.doe@example.com",
    "o'brien+shop@mail.example.co.uk, o'brien+shop@mail.example.co.uk",
    "user@sub-domain.example.io, user@sub-domain.example.io",
    "José@exämple.de, josé@exämple.de"
  })
  void validAddressesAreTrimmedAndLowerCased(String raw, String expected) {
    assertThat(EmailAddresses.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "jane",
        "jane@",
        "@example.com",
        "jane@example",
        "jane@@example.com",
        "ja ne@example.com",
        "jane@exa mple.com",
        ".jane@example.com",
        "jane.@example.com",
        "ja..ne@example.com",
        "jane@.example.com",
        "jane@example..com",
        "jane@example.com.",
        "jane@-example.com",
        "jane@example-.com",
        "jane@example.com-",
        "<jane@example.com>",
        "jane@example.com\nBcc: x@y.com",
        "a@b.c,d@e.f"
      })
  void invalidAddressesAreRejected(String raw) {
    assertThat(EmailAddresses.normalize(raw)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "jane@example.com, j***@e***.com",
    "Jane.Doe@mail.acme-corp.co.uk, J***@m***.uk",
    "x@localhost, x***@l***",
    "not-an-email, n*** (12 chars)",
    "'   ', (blank)"
  })
  void maskNeverShowsTheLocalPartNorTheDomainName(String raw, String masked) {
    assertThat(EmailAddresses.mask(raw)).isEqualTo(masked);
  }

  @org.junit.jupiter.api.Test
  void overlongAddressIsRejected() {
    assertThat(EmailAddresses.normalize("a".repeat(65) + "@example.com")).isNull();
    assertThat(EmailAddresses.normalize("a@" + "b".repeat(250) + ".com")).isNull();
    assertThat(EmailAddresses.mask(null)).isEqualTo("null");
  }
}
