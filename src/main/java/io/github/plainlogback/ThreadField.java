package io.github.plainlogback;

import org.jspecify.annotations.Nullable;

/**
 * One {@code <threadField>} element: a thread field set on every Bug Report thread. The key must
 * exist in Plain (Settings → Thread fields). Checked when the appender starts.
 *
 * <pre>{@code
 * <threadField>
 *   <key>service</key>
 *   <type>STRING</type>   <!-- STRING, BOOL, NUMBER, ENUM or DATE -->
 *   <value>checkout-api</value>
 * </threadField>
 * }</pre>
 */
public class ThreadField {
  private @Nullable String key;
  private @Nullable String type;
  private @Nullable String value;

  public @Nullable String getKey() {
    return key;
  }

  public void setKey(@Nullable String key) {
    this.key = key;
  }

  public @Nullable String getType() {
    return type;
  }

  public void setType(@Nullable String type) {
    this.type = type;
  }

  public @Nullable String getValue() {
    return value;
  }

  public void setValue(@Nullable String value) {
    this.value = value;
  }
}
