package io.github.plainlogback.internal.report;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Syntax checks and masking for customer email addresses. Pure functions, no regex on the logging
 * path.
 */
public final class EmailAddresses {
  private static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_PART = 64;

  private EmailAddresses() {}

  /**
   * Trims and lower-cases {@code raw} and checks it looks like {@code local@domain.tld}.
   *
   * @return the normalized address, or {@code null} when it is not a plausible email address
   */
  public static @Nullable String normalize(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    int length = s.length();
    if (length < 5 || length > MAX_LENGTH) {
      return null;
    }
    int at = s.indexOf('@');
    if (at <= 0 || at > MAX_LOCAL_PART || at != s.lastIndexOf('@') || at == length - 1) {
      return null;
    }
    boolean needsLowerCase = false;
    for (int i = 0; i < at; i++) {
      char c = s.charAt(i);
      if (!isLocalPartChar(c) || (c == '.' && (i == 0 || i == at - 1 || s.charAt(i - 1) == '.'))) {
        return null;
      }
      needsLowerCase |= c >= 'A' && c <= 'Z';
    }
    boolean dotInDomain = false;
    for (int i = at + 1; i < length; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (i == at + 1 || i == length - 1 || s.charAt(i - 1) == '.' || s.charAt(i - 1) == '-') {
          return null;
        }
        dotInDomain = true;
      } else if (c == '-') {
        if (i == at + 1 || s.charAt(i - 1) == '.') {
          return null;
        }
      } else if (!Character.isLetterOrDigit(c)) {
        return null;
      }
      needsLowerCase |= Character.isUpperCase(c);
    }
    if (!dotInDomain || s.charAt(length - 1) == '-') {
      return null;
    }
    return needsLowerCase ? s.toLowerCase(Locale.ROOT) : s;
  }

  private static boolean isLocalPartChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return c > 127 ? Character.isLetterOrDigit(c) : "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
  }

  /**
   * A form that is safe to print in status messages: the first character of the local part and of
   * the domain, and the top-level domain, e.g. {@code j***@e***.com}. A company's own domain often
   * names the customer as surely as the address does, so it is masked too. Anything that is not an
   * address at all shows only its first character and length.
   */
  public static String mask(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    String s = value.strip();
    if (s.isEmpty()) {
      return "(blank)";
    }
    int at = s.lastIndexOf('@');
    if (at > 0 && at < s.length() - 1) {
      String domain = s.substring(at + 1);
      int dot = domain.lastIndexOf('.');
      String tld = dot > 0 && dot < domain.length() - 1 ? domain.substring(dot) : "";
      return s.charAt(0) + "***@" + domain.charAt(0) + "***" + tld;
    }
    return s.charAt(0) + "*** (" + s.length() + " chars)";
  }
}
