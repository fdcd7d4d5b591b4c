package io.github.plainlogback.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The auth cool-down and the pause, both on one injected clock. */
class SendGateTest {
  private final FakeTicker clock = new FakeTicker();
  private final DeliveryCounters counters = new DeliveryCounters();
  private final Fixtures.Lines status = new Fixtures.Lines();
  private final SendGate gate =
      new SendGate(clock, Duration.ofMinutes(5), counters, status.status(clock));

  @Test
  void aRefusedKeyBlocksSendingForTheBackoffOnTheClock() {
    assertThat(gate.inAuthCooldown()).isFalse();
    gate.keyRefused(Fixtures.failure(401, null));
    assertThat(gate.inAuthCooldown()).isTrue();
    assertThat(counters.authCooldown).isTrue();
    assertThat(status.lines)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith("ERROR Plain refused the API key: HTTP 401")
                    .contains("<authFailureBackoff> PT5M"));
    clock.advance(Duration.ofMinutes(5).minusNanos(1));
    assertThat(gate.inAuthCooldown()).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(gate.inAuthCooldown()).as("over: the next request probes").isFalse();
    assertThat(counters.authCooldown).as("until Plain accepts the key").isTrue();
  }

  @Test
  void theKeyWorkingAgainEndsTheCooldownAndSaysSoOnce() {
    gate.keyWorks();
    assertThat(status.lines).as("nothing to say while the key worked").isEmpty();
    gate.keyRefused(Fixtures.failure(401, null));
    gate.keyWorks();
    gate.keyWorks();
    assertThat(gate.inAuthCooldown()).isFalse();
    assertThat(counters.authCooldown).isFalse();
    assertThat(status.lines).filteredOn(m -> m.contains("accepted the API key again")).hasSize(1);
  }

  @Test
  void aPauseLastsItsTimeOnTheClockAndStaysSetUntilResumed() {
    assertThat(gate.pauseSet()).isFalse();
    assertThat(gate.pauseLeftNanos()).isZero();
    gate.pause(Duration.ofSeconds(2));
    assertThat(gate.isPaused()).isTrue();
    assertThat(gate.pauseLeftNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
    clock.advance(Duration.ofMillis(1_500));
    assertThat(gate.pauseLeftNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
    clock.advance(Duration.ofMillis(500));
    assertThat(gate.isPaused()).isFalse();
    assertThat(gate.pauseLeftNanos()).isZero();
    assertThat(gate.pauseSet()).as("the worker lifts it once it has waited").isTrue();
    gate.resume();
    assertThat(gate.pauseSet()).isFalse();
  }

  @Test
  void theCooldownAndThePauseReadTheSameClock() {
    gate.keyRefused(Fixtures.failure(401, null));
    gate.pause(Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(5));
    assertThat(gate.inAuthCooldown()).isFalse();
    assertThat(gate.isPaused()).isTrue();
    clock.advance(Duration.ofMinutes(5));
    assertThat(gate.isPaused()).isFalse();
  }
}
