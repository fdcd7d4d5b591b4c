package io.github.plainlogback;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout is the architecture, checked on the compiled classes (every reference, not only
 * imports): the API package on top, the Logback-facing {@code internal.logback} under it, and under
 * that a Logback-free core whose stages depend only on stages further down the pipeline.
 */
class ArchitectureTest {
  private static final String ROOT = "io.github.plainlogback";

  /**
   * Each core stage may depend only on the ones after it. {@code status} and {@code inflight} are
   * leaves anyone may use.
   */
  private static final List<String> STAGES =
      List.of(
          "logback",
          "admission",
          "delivery",
          "spool",
          "plain",
          "compose",
          "grouping",
          "report",
          "status",
          "inflight");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // ArchUnit reports its progress at DEBUG through SLF4J, which is Logback's default console
    // here.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.tngtech"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  private static String stage(String name) {
    return ROOT + ".internal." + name + "..";
  }

  @Test
  void coreStagesDependOnlyOnStagesDownstream() {
    for (int i = 1; i < STAGES.size(); i++) {
      for (int upstream = 0; upstream < i; upstream++) {
        noClasses()
            .that()
            .resideInAPackage(stage(STAGES.get(i)))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(stage(STAGES.get(upstream)))
            .because("the pipeline's stages depend one way")
            .check(classes);
      }
    }
  }

  @Test
  void theCoreNeverSeesLogbackSlf4jOrTheApi() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage(ROOT + ".internal..")
            .and()
            .resideOutsideOfPackage(stage("logback"))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("ch.qos.logback..", "org.slf4j..", ROOT, ROOT + ".agent..")
            .because("the core is Logback-free and never depends on the API above it");
    rule.check(classes);
  }

  @Test
  void theLogbackFacingLayerNeverSeesTheApi() {
    noClasses()
        .that()
        .resideInAPackage(stage("logback"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT, ROOT + ".agent..")
        .check(classes);
  }

  /**
   * The API package holds the API: every top-level class public, but the MXBean's adapter (and
   * package-info, which carries {@code @NullMarked}).
   */
  @Test
  void theApiPackageHoldsOnlyTheApi() {
    classes()
        .that()
        .resideInAPackage(ROOT)
        .and()
        .areTopLevelClasses()
        .and()
        .doNotHaveFullyQualifiedName(ROOT + ".CountersOverJmx")
        .and()
        .doNotHaveSimpleName("package-info") // @NullMarked: the package's annotation, not a class
        .should()
        .bePublic()
        .because("capture, breadcrumbs and wiring live in internal.logback")
        .check(classes);
  }

  /**
   * The integrations shipped in this jar (the agent, the servlet filter) stand where a user's code
   * stands: on the public API. One named seam: the filter accepts a principal as a customer by the
   * very rule the appender applies ({@code EmailAddresses}).
   */
  @Test
  void theIntegrationsUseOnlyThePublicApi() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".agent..", ROOT + ".servlet..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(ROOT + ".internal..")
                .and(not(type(io.github.plainlogback.internal.report.EmailAddresses.class))))
        .orShould()
        .dependOnClassesThat(resideInAPackage(ROOT).and(not(modifier(JavaModifier.PUBLIC))))
        .because("an integration must work through what users can use too")
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    slices().matching(ROOT + ".internal.(*)..").should().beFreeOfCycles().check(classes);
  }
}
