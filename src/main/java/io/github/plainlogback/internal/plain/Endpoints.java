package io.github.plainlogback.internal.plain;

import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Where requests may go. Pure: the verdict is made on the host OkHttp will actually connect to
 * (after its own parsing of user info, fragments and IDN), never on the raw text, so {@code
 * http://127.0.0.1@evil.example/} is judged as {@code evil.example}.
 *
 * <p>Plain {@code http://} is allowed only for a host that <em>is</em> a loopback address: {@code
 * localhost}, a dotted-decimal IPv4 literal in 127.0.0.0/8, or {@code [::1]}. Names that merely
 * start like one ({@code 127.evil.example}, {@code localhost.evil.example}, {@code
 * 127.0.0.1.nip.io}) and other spellings of numbers ({@code 0x7f.1}, {@code 127.1}, octal) are not
 * loopback: a resolver may send them anywhere.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * A parsed URL, or why it may not be used.
   *
   * @param url the URL to send to, or {@code null} when {@code problem} is set
   * @param problem what is wrong, worded to follow the element name ({@code <apiUrl> [..] ...})
   */
  public record Verdict(@Nullable HttpUrl url, @Nullable String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  /** Plain's endpoint: https anywhere, plain http only to a loopback host. */
  public static Verdict api(String raw) {
    Verdict parsed = parse(raw);
    if (!parsed.ok()) {
      return parsed;
    }
    HttpUrl url = Objects.requireNonNull(parsed.url(), "an ok verdict has its url");
    if (!url.isHttps() && !isLoopbackHost(url.host())) {
      return new Verdict(
          null,
          "uses http:// to a host that is not loopback ("
              + url.host()
              + "): use https://. Plain http:// is only for a local stand-in on localhost,"
              + " 127.0.0.1 or [::1].");
    }
    return parsed;
  }

  /** The local inbox: a loopback host only, whatever the scheme. */
  public static Verdict inbox(String raw) {
    Verdict parsed = parse(raw);
    if (!parsed.ok()) {
      return parsed;
    }
    HttpUrl url = Objects.requireNonNull(parsed.url(), "an ok verdict has its url");
    if (!isLoopbackHost(url.host())) {
      return new Verdict(
          null,
          "is not on this machine (host "
              + url.host()
              + "): the inbox must be on localhost, 127.0.0.1 or [::1], e.g."
              + " http://127.0.0.1:4780/graphql/v1. To send to Plain, use <apiUrl>.");
    }
    return parsed;
  }

  private static Verdict parse(String raw) {
    HttpUrl url = raw == null || raw.isBlank() ? null : HttpUrl.parse(raw.strip());
    if (url == null) {
      return new Verdict(null, "is not an absolute http(s) URL.");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      // Credentials in the URL would travel in clear text to the host, and userinfo is the classic
      // way to make a URL look like it goes somewhere else.
      return new Verdict(null, "must not contain user info (user:password@).");
    }
    return new Verdict(url, null);
  }

  /**
   * Whether {@code host} (as {@link HttpUrl#host()} gives it: lower case, IPv6 without brackets) is
   * a loopback address by its spelling alone, without asking DNS.
   */
  public static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    return host.equals("localhost")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || isLoopbackIpv4(host);
  }

  /** Four dotted decimal octets without leading zeros (no octal, hex or short forms), first 127. */
  private static boolean isLoopbackIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (p.charAt(i) < '0' || p.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
