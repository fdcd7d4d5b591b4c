package io.github.plainlogback.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizedEmailsTest {
  private final NormalizedEmails emails = new NormalizedEmails();

  @Test
  void givesWhatEmailAddressesGivesForEveryValueAndAgainWhenRemembered() {
    List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) { // more values than slots: some lose their slot and come back
      values.add(" Customer" + i + "@Example.COM ");
      values.add("not an address " + i);
    }
    for (int round = 0; round < 2; round++) {
      for (String raw : values) {
        assertThat(emails.normalize(raw)).as(raw).isEqualTo(EmailAddresses.normalize(raw));
      }
    }
    String jane = new String(" JANE@example.com");
    assertThat(emails.normalize(jane)).isEqualTo("jane@example.com");
    assertThat(emails.normalize(jane)).as("remembered").isEqualTo("jane@example.com");
    assertThat(emails.normalize(new String("jane@example.org")))
        .as("an equal-looking but other String is normalised on its own")
        .isEqualTo("jane@example.org");
  }
}
