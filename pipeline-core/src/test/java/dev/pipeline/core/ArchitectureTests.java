package dev.pipeline.core;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules of the engine, checked on its production classes.
 */
@AnalyzeClasses(packages = "dev.pipeline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule coreDependsOnNoSpring = noClasses().that()
		.resideInAPackage("dev.pipeline.core..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..")
		.because("pipeline-core is plain Java; Spring wiring lives in pipeline-spring-boot-autoconfigure");

	/**
	 * Every package is its own slice, so a cycle between {@code dev.pipeline.core} and
	 * one of its sub-packages counts too. The one allowed loop is the facade's: the API
	 * package starts the internal stages, and the stages speak the API's types.
	 */
	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.pipeline.(**)")
		.should()
		.beFreeOfCycles()
		.ignoreDependency(resideInAPackage("dev.pipeline.core.internal"), resideInAPackage("dev.pipeline.core"));

	@ArchTest
	static final ArchRule internalTypesArePublicOnlyWhenAnotherPackageUsesThem = classes().that()
		.resideInAPackage("dev.pipeline.core.internal..")
		.and()
		.arePublic()
		.should(beUsedFromAnotherPackage())
		.because("stages are package-private; a public internal type is an entry point for another package")
		.allowEmptyShould(true);

	private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
		return new ArchCondition<>("be used from another package") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean usedElsewhere = type.getDirectDependenciesToSelf()
					.stream()
					.map(Dependency::getOriginClass)
					.anyMatch((origin) -> !origin.getPackageName().equals(type.getPackageName()));
				String message = type.getName() + " is public but only its own package uses it";
				events.add(new SimpleConditionEvent(type, usedElsewhere, message));
			}

		};
	}

}
