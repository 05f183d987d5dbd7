package org.layerbench.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The window's structure (STYLE.md §7 and §10, DESIGN §2): view-models see no controls, the
 * workspaces share only what lives in {@code gui} or {@code gui.service}, and the CLI and the
 * window stay apart.
 */
@AnalyzeClasses(
    packages = "org.layerbench.app",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String GUI = "org.layerbench.app.gui";

  @ArchTest
  static final ArchRule viewModelsSeeNoControls =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("ViewModel")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx.scene..")
          .because(
              "view-models expose properties and commands; views bind (javafx.beans and"
                  + " javafx.collections are fine)");

  /**
   * Each workspace package (and what is under it) is a slice; no slice may use another, without
   * exceptions: what two workspaces share lives in {@code gui} ({@code StartingWeightsFile}, {@code
   * ModelCheck}) or {@code gui.service}.
   */
  @ArchTest
  static final ArchRule workspacesDoNotUseEachOther =
      SlicesRuleDefinition.slices()
          .matching(GUI + ".(*)..")
          .that(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "is a workspace",
                  (com.tngtech.archunit.library.dependencies.Slice s) ->
                      java.util.Set.of(
                              "data", "model", "lr", "train", "evaluate", "predict", "export")
                          .contains(s.getNamePart(1))))
          .should()
          .notDependOnEachOther()
          .because("shared things live in gui or gui.service, so a workspace can change alone");

  @ArchTest
  static final ArchRule cliDoesNotUseTheWindow =
      noClasses()
          .that()
          .resideInAPackage("org.layerbench.app.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(GUI + "..")
          .because("the CLI runs without JavaFX");

  @ArchTest
  static final ArchRule windowDoesNotUseTheCli =
      noClasses()
          .that()
          .resideInAPackage(GUI + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.layerbench.app.cli..")
          .because("the window and the CLI share the engine, not each other");
}
