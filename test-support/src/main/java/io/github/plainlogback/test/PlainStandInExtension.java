package io.github.plainlogback.test;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh {@link PlainStandIn} for every test: started before each test, closed after it, and with
 * the schema check on, the test fails when a call the stand-in received did not validate against
 * Plain's schema (the harness every end-to-end test used to copy).
 *
 * <pre>{@code
 * @RegisterExtension final PlainStandInExtension plain = PlainStandInExtension.checkingSchema();
 *
 * @Test void reports(PlainStandIn standIn) { ... standIn.url() ... }
 * }</pre>
 *
 * <p>The stand-in is also a test-method parameter of type {@link PlainStandIn}, or {@link
 * #standIn()} from the field.
 */
public final class PlainStandInExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final boolean checkSchema;
  private final LongSupplier clock;
  private PlainStandIn standIn;

  private PlainStandInExtension(boolean checkSchema, LongSupplier clock) {
    this.checkSchema = checkSchema;
    this.clock = clock;
  }

  /** Answers like Plain without checking calls against its schema. */
  public static PlainStandInExtension plain() {
    return new PlainStandInExtension(false, System::nanoTime);
  }

  /**
   * Checks every call against Plain's schema, refuses an invalid one as Plain would, and fails the
   * test after it ran when any call was invalid.
   */
  public static PlainStandInExtension checkingSchema() {
    return new PlainStandInExtension(true, System::nanoTime);
  }

  /** The same, stamping calls with {@code clock} (e.g. the code under test's fake clock). */
  public PlainStandInExtension withClock(LongSupplier clock) {
    return new PlainStandInExtension(checkSchema, clock);
  }

  /** The running test's stand-in. */
  public PlainStandIn standIn() {
    if (standIn == null) {
      throw new IllegalStateException("the stand-in runs only during a test");
    }
    return standIn;
  }

  /** Shorthand for {@code standIn().url()}: the GraphQL endpoint to give as the apiUrl. */
  public String url() {
    return standIn().url();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    standIn = new PlainStandIn(checkSchema, clock);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PlainStandIn finished = standIn;
    standIn = null;
    if (finished == null) {
      return;
    }
    finished.close();
    if (checkSchema && context.getExecutionException().isEmpty()) {
      finished.assertOnlyValidCalls();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PlainStandIn.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return standIn();
  }
}
