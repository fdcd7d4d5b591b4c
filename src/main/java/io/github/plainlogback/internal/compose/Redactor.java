package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from everything a report sends: the message, every exception message in the
 * trace, MDC values and breadcrumbs, and "Happened again" messages. Runs on the delivery worker, so
 * its regexes never cost the logging path anything.
 *
 * <p>Redaction comes <em>before</em> cutting to length: capture keeps {@link
 * ReportLimits#REDACTION_MARGIN} characters beyond each limit, this class redacts the longer text
 * and only then cuts it, so a token or card number straddling the limit is masked whole instead of
 * leaving its prefix.
 *
 * <p>The built-in rules (on unless {@code redactDefaults} is false) are the table {@link
 * #BUILT_IN}; docs/security.md shows the same table, and a test keeps the two in step. User rules
 * replace each whole match.
 */
public final class Redactor {
  static final String MASK = "[REDACTED]";

  /**
   * Key names whose value is secret. A key must <em>end</em> with one (case-insensitive), so {@code
   * accessToken}, {@code clientSecret}, {@code newPassword}, {@code x-api-key} and {@code
   * spring.datasource.password} match while {@code TokenService} or {@code TokenExpiredException}
   * do not.
   */
  private static final String SECRET_NAMES =
      "password|passwd|pwd|passphrase|secret|token|api[_-]?key|private[_-]?key|access[_-]?key"
          + "|credentials?|session[_-]?id|cookie";

  /**
   * Case-insensitive, and a cheap look at the first letter before the alternation of names: the
   * pair rules then cost little on long text without secrets.
   */
  private static final String FIRST_LETTER = "(?i)(?=[pstac])";

  /** A value after {@code =} or {@code :}: quoted (masked whole) or up to a delimiter. */
  private static final String VALUE = "(?:'([^']*)'|\"([^\"]*)\"|[^\\s'\",;&)}\\]]+)";

  /** What a rule looks at: free text, or the name of an MDC entry (then the value goes whole). */
  public enum Target {
    TEXT,
    MDC_KEY
  }

  /**
   * One built-in rule.
   *
   * @param name the rule's name, as in docs/security.md
   * @param catches what it catches, in words
   */
  public record Rule(
      String name,
      String catches,
      Target target,
      Pattern pattern,
      BiFunction<Matcher, String, String> replacement) {}

  /** The built-in rules, in the order they run (multi-line and structured ones first). */
  public static final List<Rule> BUILT_IN =
      List.of(
          text(
              "pem-private-key",
              "PEM private-key blocks (-----BEGIN ... PRIVATE KEY----- to END, or to the end of a cut text)",
              "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE"
                  + " KEY-----|\\z)",
              (m, t) -> MASK),
          text(
              "authorization-header",
              "the value of an Authorization / Proxy-Authorization header or pair, scheme included",
              "(?i)(\\b(?:proxy-)?authorization\\s*[:=]\\s*\"?)(?:(?:bearer|basic|token|digest)\\s+)?[^\\s\",;]+",
              (m, t) -> m.group(1) + MASK),
          text(
              "bearer-token",
              "a token after the word Bearer (8 characters or more)",
              "(?i)\\b(bearer\\s+)[A-Za-z0-9\\-._~+/]{8,}=*",
              (m, t) -> m.group(1) + MASK),
          text(
              "url-credentials",
              "the password in a URL's user info (postgres://user:pw@host keeps user and host)",
              "(?i)\\b([a-z][a-z0-9+.-]*://[^\\s:/?#@]*:)[^\\s/?#]*@",
              (m, t) -> m.group(1) + MASK + "@"),
          text(
              "secret-json-pair",
              "a JSON string value whose key ends with a secret name (\"accessToken\": \"...\")",
              "(?i)(\"[\\w.-]*?(?:" + SECRET_NAMES + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")",
              (m, t) -> m.group(1) + MASK + m.group(2)),
          text(
              "secret-assignment",
              "key=value where the key (dotted names too) ends with a secret name: password=,"
                  + " accessToken=, clientSecret=, newPassword=, db.password=",
              // The match starts at the secret name, so the key's prefix is kept as it is.
              FIRST_LETTER + "((?:" + SECRET_NAMES + ")\\s*=\\s*)" + VALUE,
              Redactor::maskValue),
          text(
              "secret-colon",
              "key: value where the key ends with a secret name (x-api-key:, token:); not after a"
                  + " dot, so Java class names such as com.example.InvalidToken: stay",
              FIRST_LETTER + "((?:" + SECRET_NAMES + ")\\s*:\\s*)" + VALUE,
              (m, t) -> endsDottedName(t, m.start()) ? m.group() : maskValue(m, t)),
          text(
              "jwt",
              "JSON Web Tokens (eyJ...), also when cut after the payload",
              "\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}(?:\\.[A-Za-z0-9_-]*)?",
              (m, t) -> MASK),
          text(
              "aws-access-key-id",
              "AWS access key ids (AKIA..., ASIA..., ...)",
              "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\\b",
              (m, t) -> MASK),
          text(
              "plain-api-key",
              "Plain API keys (plainApiKey_...)",
              "plainApiKey_[A-Za-z0-9_-]+",
              (m, t) -> MASK),
          text(
              "github-token",
              "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)",
              "\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
              (m, t) -> MASK),
          text(
              "stripe-key",
              "Stripe secret and restricted keys (sk_live_, rk_live_, and their _test_ forms)",
              "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}",
              (m, t) -> MASK),
          text(
              "slack-token",
              "Slack tokens (xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-)",
              "\\bxox[abposr]-[A-Za-z0-9-]{10,}",
              (m, t) -> MASK),
          text(
              "google-api-key",
              "Google API keys (AIza...)",
              "\\bAIza[0-9A-Za-z_-]{35}",
              (m, t) -> MASK),
          text(
              "gitlab-token",
              "GitLab personal access tokens (glpat-...)",
              "\\bglpat-[A-Za-z0-9_-]{20,}",
              (m, t) -> MASK),
          text(
              "npm-token",
              "npm access tokens (npm_...)",
              "\\bnpm_[A-Za-z0-9]{36}\\b",
              (m, t) -> MASK),
          text(
              "card-number",
              "13 to 19 digits, spaces or dashes between, that pass the Luhn check",
              "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])",
              (m, t) -> passesLuhn(m.group()) ? MASK : m.group()),
          new Rule(
              "mdc-secret-key",
              "the whole value of an MDC entry whose key ends with a secret name, authorization or"
                  + " jwt (X-Auth-Token, sessionId, db.password), whatever the value looks like",
              Target.MDC_KEY,
              // Found at the end rather than matched whole: ".*" first would be quadratic.
              Pattern.compile("(?i)(?:" + SECRET_NAMES + "|authorization|jwt)\\z"),
              (m, t) -> MASK));

  private static Rule text(
      String name, String catches, String regex, BiFunction<Matcher, String, String> replacement) {
    return new Rule(name, catches, Target.TEXT, Pattern.compile(regex), replacement);
  }

  /**
   * Whether the identifier ending at {@code at} continues a dotted name ({@code
   * com.example.InvalidToken}), as in an exception header: then "Token: ..." is not a secret pair.
   */
  private static boolean endsDottedName(String text, int at) {
    int i = at - 1;
    while (i >= 0
        && (Character.isLetterOrDigit(text.charAt(i)) || "_-".indexOf(text.charAt(i)) >= 0)) {
      i--;
    }
    return i >= 0 && (text.charAt(i) == '.' || text.charAt(i) == '$');
  }

  private static String maskValue(Matcher m, String text) {
    return m.group(1)
        + (m.group(2) != null ? "'" + MASK + "'" : m.group(3) != null ? "\"" + MASK + "\"" : MASK);
  }

  private final List<Rule> rules;
  private final @Nullable Pattern secretMdcKey;

  /**
   * @param userPatterns compiled {@code <redact>} patterns; each whole match is replaced
   */
  public Redactor(boolean defaults, List<Pattern> userPatterns) {
    List<Rule> all = new ArrayList<>();
    Pattern mdcKey = null;
    if (defaults) {
      for (Rule r : BUILT_IN) {
        if (r.target() == Target.TEXT) {
          all.add(r);
        } else {
          mdcKey = r.pattern();
        }
      }
    }
    for (Pattern p : userPatterns) {
      all.add(new Rule("redact", p.pattern(), Target.TEXT, p, (m, t) -> MASK));
    }
    this.rules = List.copyOf(all);
    this.secretMdcKey = mdcKey;
  }

  public boolean isEmpty() {
    return rules.isEmpty() && secretMdcKey == null;
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
        m.appendReplacement(b, Matcher.quoteReplacement(r.replacement().apply(m, out)));
      } while (m.find());
      m.appendTail(b);
      out = b.toString();
    }
    return out;
  }

  /** {@code text} redacted, then cut to {@code max} characters (in that order). */
  public String redactAndCap(String text, int max) {
    return ReportLimits.cap(redact(text), max);
  }

  /**
   * The report with every free-text field redacted and then cut to its limit: capture keeps a
   * margin beyond each limit so that nothing is cut before it is redacted.
   */
  public ErrorReport redact(ErrorReport r) {
    Map<String, String> mdc = new LinkedHashMap<>();
    r.mdc()
        .forEach(
            (k, v) ->
                mdc.put(
                    k,
                    secretMdcKey != null && k != null && secretMdcKey.matcher(k).find()
                        ? MASK
                        : redactAndCap(v, ReportLimits.MAX_MDC_VALUE_CHARS)));
    List<Breadcrumb> crumbs = new ArrayList<>(r.breadcrumbs().size());
    for (Breadcrumb b : r.breadcrumbs()) {
      crumbs.add(
          new Breadcrumb(
              b.timestampMillis(),
              b.level(),
              b.loggerName(),
              redactAndCap(b.message(), ReportLimits.MAX_BREADCRUMB_CHARS)));
    }
    return new ErrorReport(
        r.fingerprint(),
        r.customerEmail(),
        r.customerName(),
        r.loggerName(),
        r.threadName(),
        r.timestampMillis(),
        r.message() == null ? null : redactAndCap(r.message(), ReportLimits.MAX_MESSAGE_CHARS),
        Collections.unmodifiableMap(mdc),
        redact(r.throwable()),
        List.copyOf(crumbs),
        r.request() == null ? null : redactAndCap(r.request(), ReportLimits.MAX_MESSAGE_CHARS),
        r.identity());
  }

  private @Nullable ThrowableSnapshot redact(@Nullable ThrowableSnapshot t) {
    if (t == null) {
      return null;
    }
    List<ThrowableSnapshot> suppressed = new ArrayList<>(t.suppressed().size());
    t.suppressed().forEach(s -> suppressed.add(redact(s)));
    return new ThrowableSnapshot(
        t.className(),
        t.message() == null
            ? null
            : redactAndCap(t.message(), ReportLimits.MAX_EXCEPTION_MESSAGE_CHARS),
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
