package io.github.plainlogback.internal.compose;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One thread field set on every thread, parsed and checked when the appender starts.
 *
 * @param value a {@code String}, {@code Boolean} or {@code Double}, matching {@code type}
 */
public record ThreadFieldValue(String key, Type type, Object value) {
  /**
   * The thread field types the appender can set; Plain's {@code ThreadFieldSchemaType} minus
   * CURRENCY.
   */
  public enum Type {
    STRING,
    BOOL,
    NUMBER,
    ENUM,
    DATE
  }

  /**
   * Parses a configured field.
   *
   * @throws IllegalArgumentException with a message fit for the user when the type is unknown or
   *     the value does not parse as that type
   */
  public static ThreadFieldValue parse(
      @Nullable String key, @Nullable String type, @Nullable String value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("<key> is missing");
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException(
          "<type> is missing for field [" + key + "]; use one of STRING, BOOL, NUMBER, ENUM, DATE");
    }
    Type t;
    try {
      t = Type.valueOf(type.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "<type> ["
              + type
              + "] of field ["
              + key
              + "] is not one of STRING, BOOL, NUMBER, ENUM, DATE");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("<value> is missing for field [" + key + "]");
    }
    String v = value.strip();
    Object parsed =
        switch (t) {
          case STRING, ENUM -> v;
          case BOOL -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
              throw new IllegalArgumentException(
                  "<value> [" + v + "] of BOOL field [" + key + "] is not true or false");
            }
            yield Boolean.valueOf(v);
          }
          case NUMBER -> {
            try {
              double d = Double.parseDouble(v);
              if (!Double.isFinite(d)) {
                throw new NumberFormatException();
              }
              yield d;
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  "<value> [" + v + "] of NUMBER field [" + key + "] is not a number");
            }
          }
          case DATE -> {
            if (!isIsoDate(v)) {
              throw new IllegalArgumentException(
                  "<value> ["
                      + v
                      + "] of DATE field ["
                      + key
                      + "] is not an ISO-8601 date (2026-01-31) or date-time");
            }
            yield v;
          }
        };
    return new ThreadFieldValue(key.strip(), t, parsed);
  }

  private static boolean isIsoDate(String v) {
    try {
      LocalDate.parse(v);
      return true;
    } catch (DateTimeParseException e) {
      try {
        OffsetDateTime.parse(v);
        return true;
      } catch (DateTimeParseException e2) {
        return false;
      }
    }
  }
}
