package io.github.plainlogback.internal.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  @Test
  void rememberedVerdictsAgreeWithTheRuleEvenWhenNamesShareASlot() {
    // Far more names than the table has slots, half of them generated: slots are lost and won
    // back, and every answer must still be the rule's.
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      names.add("shop.orders.Service" + i);
      names.add("shop.orders.Service" + i + "$$EnhancerBySpringCGLIB$$" + i);
      names.add("jdk.proxy" + (i % 7) + ".$Proxy" + i);
    }
    int generated = 0;
    for (int round = 0; round < 3; round++) {
      for (String name : names) {
        // A fresh String each round as well as the same one: the table keys on identity.
        String asked = round == 1 ? new String(name) : name;
        boolean verdict = Fingerprints.isGeneratedFrameRemembered(asked);
        assertThat(verdict).as(asked).isEqualTo(Fingerprints.isGeneratedFrame(name));
        generated += verdict ? 1 : 0;
      }
    }
    assertThat(generated).isEqualTo(3 * 2 * 5000);
    assertThat(Fingerprints.isGeneratedFrameRemembered(null)).isTrue();
  }

  @Test
  void aFrameDifferenceAlwaysChangesTheHash() {
    long base = Fingerprints.start();
    long ab = Fingerprints.mixFrame(Fingerprints.mixFrame(base, "shop.A", "run"), "shop.B", "call");
    long ba = Fingerprints.mixFrame(Fingerprints.mixFrame(base, "shop.B", "call"), "shop.A", "run");
    long ac =
        Fingerprints.mixFrame(Fingerprints.mixFrame(base, "shop.A", "run"), "shop.B", "call2");
    long generatedSkipped =
        Fingerprints.mixFrame(
            Fingerprints.mixFrame(base, "shop.A", "run"), "shop.A$$Lambda$12/0x1", "apply");
    assertThat(ab).isNotEqualTo(ba).isNotEqualTo(ac);
    assertThat(generatedSkipped).isEqualTo(Fingerprints.mixFrame(base, "shop.A", "run"));
  }
}
