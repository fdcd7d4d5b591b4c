package io.github.plainlogback.internal.plain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loopback means loopback: plain http only to a host that is one, judged as OkHttp parses it. */
class EndpointsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost/graphql/v1",
        "http://LOCALHOST:4780/graphql/v1",
        "http://127.0.0.1:4780/graphql/v1",
        "http://127.255.10.3/",
        "http://[::1]:4780/graphql/v1",
        "http://[0:0:0:0:0:0:0:1]/",
        "https://core-api.uk.plain.com/graphql/v1",
        "https://127.0.0.1/graphql/v1"
      })
  void acceptsHttpsAnywhereAndHttpToLoopback(String url) {
    assertThat(Endpoints.api(url).ok()).as(Endpoints.api(url).problem()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.evil.example/graphql/v1",
        "http://127.0.0.1.nip.io/graphql/v1",
        "http://localhost.evil.example/graphql/v1",
        "http://localhost./graphql/v1",
        "http://0x7f.1/graphql/v1",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://127.000.000.001/",
        "http://127.0.0.256/",
        "http://127.0.0.1@evil.example/",
        "http://localhost@evil.example/",
        "http://evil.example#@127.0.0.1/",
        "http://evil.example?@127.0.0.1/",
        "http://evil.example\\@127.0.0.1/",
        "http://[::2]/",
        "http://10.0.0.1/graphql/v1",
        "http://core-api.uk.plain.com/graphql/v1"
      })
  void refusesHttpToAnythingThatIsNotLiterallyLoopback(String url) {
    Endpoints.Verdict v = Endpoints.api(url);
    assertThat(v.ok()).as(url).isFalse();
    assertThat(v.url()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:pw@core-api.uk.plain.com/graphql/v1",
        "https://127.0.0.1@evil.example/graphql/v1",
        "http://user@127.0.0.1/"
      })
  void refusesUserInfoEvenOverHttps(String url) {
    assertThat(Endpoints.api(url).problem()).contains("user info");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "not a url", "ftp://example.com/x", "//127.0.0.1/"})
  void refusesWhatIsNotAnHttpUrl(String url) {
    assertThat(Endpoints.api(url).problem()).contains("not an absolute http(s) URL");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://core-api.uk.plain.com/graphql/v1",
        "http://127.evil.example/graphql/v1",
        "http://10.0.0.1:4780/graphql/v1",
        "http://127.0.0.1@evil.example/"
      })
  void theInboxIsOnThisMachineOnly(String url) {
    assertThat(Endpoints.inbox(url).ok()).as(url).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:4780/graphql/v1", "http://localhost:4780/graphql/v1"})
  void aLoopbackInboxIsFine(String url) {
    assertThat(Endpoints.inbox(url).ok()).isTrue();
  }
}
