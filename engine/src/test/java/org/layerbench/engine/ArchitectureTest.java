package org.layerbench.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine knows no UI (STYLE.md §1, DESIGN §2). */
@AnalyzeClasses(
    packages = "org.layerbench.engine",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule engineUsesNoJavaFx =
      noClasses()
          .that()
          .resideInAPackage("org.layerbench.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "org.layerbench.app..")
          .because("the engine is a headless library; only app/ may touch JavaFX");

  @ArchTest
  static final ArchRule graphDependsOnNothingElseInTheEngine =
      noClasses()
          .that()
          .resideInAPackage("org.layerbench.engine.graph..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.layerbench.engine.nn..",
              "org.layerbench.engine.data..",
              "org.layerbench.engine.train..",
              "org.layerbench.engine.io..",
              "org.layerbench.engine.project..")
          .because("the model is data; graph depends on nothing else in the engine (DESIGN §2)");

  @ArchTest
  static final ArchRule noDjlOutsideNnAndTrain =
      noClasses()
          .that()
          .resideInAnyPackage("org.layerbench.engine.graph..", "org.layerbench.engine.data..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.djl.training..")
          .because("data and graph do not know DJL training (DESIGN §2)");

  @ArchTest
  static final ArchRule trainKnowsNoImageCode =
      noClasses()
          .that()
          .resideInAPackage("org.layerbench.engine.train..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.layerbench.engine.data.image..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("org.layerbench.engine.data.ImagePreprocessing")
          .because(
              "the training loop reads any modality through SampleReader and Preprocessing, and"
                  + " data.RunData builds a run's readers (DESIGN §2)");
}
