package io.github.plainlogback;

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
  private String key;
  private String type;
  private String value;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
