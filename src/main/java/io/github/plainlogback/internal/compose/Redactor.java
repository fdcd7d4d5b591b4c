package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from everything a report sends: the message, every exception message in the
 * trace, MDC values and breadcrumbs. Runs on the delivery worker, so its regexes never cost the
 * logging path anything.
 *
 * <p>Built-in rules (on unless {@code redactDefaults} is false): {@code Authorization} header
 * values and bearer tokens; {@code password=}, {@code secret=}, {@code token=}, {@code api_key=}
 * style pairs, in text and JSON; JWTs; AWS access key ids; Plain API keys; card numbers that pass
 * the Luhn check. User rules replace each whole match.
 */
public final class Redactor {
  static final String MASK = "[REDACTED]";

  private static final String SECRET_NAMES =
      "password|passwd|pwd|pass|secret|client_secret|token|access_token|refresh_token|id_token|auth_token"
          + "|api_key|apikey|api-key|private_key|aws_secret_access_key|session|sessionid|cookie";

  private record Rule(Pattern pattern, Function<Matcher, String> replacement) {}

  private static final List<Rule> DEFAULTS =
      List.of(
          // Authorization: Bearer xyz / Authorization=Basic xyz
          rule(
              "(?i)(authorization\\s*[:=]\\s*\"?)(?:(?:bearer|basic|token|digest)\\s+)?[^\\s\",;]+",
              m -> m.group(1) + MASK),
          rule("(?i)\\b(bearer\\s+)[A-Za-z0-9\\-._~+/]+=*", m -> m.group(1) + MASK),
          // "password": "x" (JSON)
          rule(
              "(?i)(\"(?:" + SECRET_NAMES + ")\"\\s*:\\s*\")[^\"]*(\")",
              m -> m.group(1) + MASK + m.group(2)),
          // password=x, token: x, api_key = 'x y' (a quoted value is masked whole)
          rule(
              "(?i)\\b((?:"
                  + SECRET_NAMES
                  + ")\\s*[=:]\\s*)(?:'([^']*)'|\"([^\"]*)\"|[^\\s'\",;&)}\\]]+)",
              m ->
                  m.group(1)
                      + (m.group(2) != null
                          ? "'" + MASK + "'"
                          : m.group(3) != null ? "\"" + MASK + "\"" : MASK)),
          rule("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", m -> MASK),
          rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\\b", m -> MASK),
          rule("plainApiKey_[A-Za-z0-9_-]+", m -> MASK),
          rule(
              "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])",
              m -> passesLuhn(m.group()) ? MASK : m.group()));

  private final List<Rule> rules;

  /**
   * @param userPatterns compiled {@code <redact>} patterns; each whole match is replaced
   */
  public Redactor(boolean defaults, List<Pattern> userPatterns) {
    List<Rule> all = new ArrayList<>(defaults ? DEFAULTS : List.of());
    for (Pattern p : userPatterns) {
      all.add(new Rule(p, m -> MASK));
    }
    this.rules = List.copyOf(all);
  }

  private static Rule rule(String regex, Function<Matcher, String> replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public String redact(String text) {
    if (text == null || text.isEmpty() || rules.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule r : rules) {
      Matcher m = r.pattern().matcher(out);
      if (!m.find()) {
        continue;
      }
      StringBuilder b = new StringBuilder(out.length());
      do {
        m.appendReplacement(b, Matcher.quoteReplacement(r.replacement().apply(m)));
      } while (m.find());
      m.appendTail(b);
      out = b.toString();
    }
    return out;
  }

  /** The report with every free-text field redacted. */
  public ErrorReport redact(ErrorReport r) {
    if (rules.isEmpty()) {
      return r;
    }
    Map<String, String> mdc = new LinkedHashMap<>();
    r.mdc().forEach((k, v) -> mdc.put(k, redact(v)));
    List<Breadcrumb> crumbs = new ArrayList<>(r.breadcrumbs().size());
    for (Breadcrumb b : r.breadcrumbs()) {
      crumbs.add(
          new Breadcrumb(b.timestampMillis(), b.level(), b.loggerName(), redact(b.message())));
    }
    return new ErrorReport(
        r.fingerprint(),
        r.customerEmail(),
        r.customerName(),
        r.loggerName(),
        r.threadName(),
        r.timestampMillis(),
        redact(r.message()),
        Map.copyOf(mdc),
        redact(r.throwable()),
        List.copyOf(crumbs));
  }

  private ThrowableSnapshot redact(ThrowableSnapshot t) {
    if (t == null) {
      return null;
    }
    List<ThrowableSnapshot> suppressed = new ArrayList<>(t.suppressed().size());
    t.suppressed().forEach(s -> suppressed.add(redact(s)));
    return new ThrowableSnapshot(
        t.className(),
        redact(t.message()),
        t.frames(),
        t.commonFrames(),
        redact(t.cause()),
        List.copyOf(suppressed),
        t.omittedCauses(),
        t.cyclic());
  }

  /**
   * The Luhn checksum every payment card number satisfies; order ids and timestamps mostly do not.
   */
  static boolean passesLuhn(String candidate) {
    int sum = 0;
    int digits = 0;
    boolean doubleIt = false;
    for (int i = candidate.length() - 1; i >= 0; i--) {
      char c = candidate.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      digits++;
      doubleIt = !doubleIt;
    }
    return digits >= 13 && digits <= 19 && sum % 10 == 0;
  }
}
