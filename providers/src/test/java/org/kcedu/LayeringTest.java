package org.kcedu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Keeps kc-edu's feature slices (the packages right under {@code org.kcedu}) in one-way order: a slice uses its own
 * packages and the slices on the floors BELOW it, never a slice on its own floor or above. Where a lower slice needs
 * an upward call, it owns an interface and the upper slice implements it (see docs/maintenance-guide.md).
 * Production classes only: tests may use anything.
 */
class LayeringTest {

    /**
     * THE layer list, bottom floor first. A new slice is one entry on the floor its imports allow
     * (normally the features floor); the names of planned slices are reserved there already.
     */
    static final List<List<String>> FLOORS = List.of(
            List.of("core"),
            List.of("audit"),
            List.of("authz"),
            List.of("directory"),
            List.of("bulk"),
            List.of("info", "auditlog", "console", "registration", "reports", "scim", "oneroster", "federation"),
            List.of("rest"));

    private static final String ROOT = "org.kcedu";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    @Test
    void productionClassesWereFound() {
        assertTrue(MAIN.size() > 100, "imported " + MAIN.size() + " classes from target/classes");
    }

    @Test
    void everyClassSitsInASliceOfTheLayerList() {
        classes().should().resideInAnyPackage(FLOORS.stream().flatMap(List::stream).map(LayeringTest::pattern)
                        .toArray(String[]::new))
                .because("every package belongs to a slice listed in LayeringTest.FLOORS (add a new slice there)")
                .check(MAIN);
    }

    @Test
    void noSliceUsesAPeerOrASliceAboveIt() {
        List<String> violations = new ArrayList<>();
        for (int floor = 0; floor < FLOORS.size(); floor++) {
            for (String slice : FLOORS.get(floor)) {
                List<String> forbidden = new ArrayList<>();
                for (int other = floor; other < FLOORS.size(); other++) {
                    FLOORS.get(other).stream().filter(s -> !s.equals(slice)).map(LayeringTest::pattern)
                            .forEach(forbidden::add);
                }
                if (forbidden.isEmpty()) {
                    continue;
                }
                EvaluationResult result = noClasses().that().resideInAPackage(pattern(slice))
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                        .allowEmptyShould(true)
                        .because(slice + " may use only " + below(floor))
                        .evaluate(MAIN);
                if (result.hasViolation()) {
                    violations.add(result.getFailureReport().toString());
                }
            }
        }
        assertTrue(violations.isEmpty(), "upward or sideways dependencies between slices:\n"
                + String.join("\n", violations));
    }

    private static String below(int floor) {
        List<String> allowed = new ArrayList<>();
        FLOORS.subList(0, floor).forEach(allowed::addAll);
        return allowed.isEmpty() ? "itself" : "itself and " + allowed;
    }

    private static String pattern(String slice) {
        return ROOT + "." + slice + "..";
    }
}
