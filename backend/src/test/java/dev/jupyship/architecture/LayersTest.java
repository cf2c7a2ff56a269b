package dev.jupyship.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend's layers, as the README's layout names them, checked on the compiled classes: the
 * edges (the CLI, the server and its API) use the features (lint, contract, export, review, hook,
 * snippets, deploy, promotion, alerts), which use the foundation (the notebook model, the Python parser, the papermill
 * engine, the workspace); nothing uses a layer above its own, and no two packages use each other,
 * however indirectly: every package is its own slice, so a package and its sub-packages (lint and
 * lint.rules, deploy and deploy.cluster) count too. The domain's errors and the version are for
 * every layer; the one JSON mapper sits in the foundation, since it writes notebook numbers as they
 * were read. No exception list: a new violation fails the build, naming the class and the dependency.
 */
class LayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.jupyship");
    }

    @Test
    void noLayerUsesOneAboveIt() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.jupyship..")
                .layer("Edges").definedBy("dev.jupyship.cli..", "dev.jupyship.server..", "dev.jupyship.api..")
                .layer("Features").definedBy("dev.jupyship.lint..", "dev.jupyship.contract..", "dev.jupyship.export..",
                        "dev.jupyship.review..", "dev.jupyship.hook..", "dev.jupyship.snippets..", "dev.jupyship.deploy..",
                        "dev.jupyship.promotion..", "dev.jupyship.alerts..", "dev.jupyship.schedule..", "dev.jupyship.serving..")
                .layer("Foundation").definedBy("dev.jupyship.notebook..", "dev.jupyship.python..", "dev.jupyship.run..",
                        "dev.jupyship.workspace..", "dev.jupyship.json..")
                .layer("Neutral").definedBy("dev.jupyship.errors..", "dev.jupyship")
                .whereLayer("Edges").mayNotBeAccessedByAnyLayer()
                .whereLayer("Features").mayOnlyBeAccessedByLayers("Edges")
                .whereLayer("Foundation").mayOnlyBeAccessedByLayers("Edges", "Features")
                .whereLayer("Neutral").mayOnlyBeAccessedByLayers("Edges", "Features", "Foundation")
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.jupyship.(**)").should().beFreeOfCycles().check(classes);
    }
}
