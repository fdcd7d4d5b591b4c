package io.github.plainlogback.spring.boot;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The starter is a user of the appender like any application: it may use the public API ({@code
 * io.github.plainlogback}'s public types, {@code io.github.plainlogback.servlet}) and nothing under
 * {@code internal} or the agent, so the core can change inside without breaking it.
 */
class StarterArchitectureTest {
  private static final String CORE = "io.github.plainlogback";

  private static JavaClasses starter;

  @BeforeAll
  static void importStarter() {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.tngtech"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    starter =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(CORE + ".spring..");
  }

  @Test
  void theStarterSeesOnlyTheAppendersPublicApi() {
    noClasses()
        .that()
        .resideInAPackage(CORE + ".spring..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CORE + ".internal..", CORE + ".agent..")
        .orShould()
        .dependOnClassesThat(resideInAPackage(CORE).and(not(modifier(JavaModifier.PUBLIC))))
        .because("the starter uses the appender through the API its users have")
        .check(starter);
  }

  @Test
  void theRuleSeesTheStarter() {
    // An import that found nothing would pass the rule above without checking anything.
    org.assertj.core.api.Assertions.assertThat(starter.contain(PlainLogbackAutoConfiguration.class))
        .isTrue();
  }
}
