package dev.pipeline.boot;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.pipeline.core.Source;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules of the starter, checked on its production classes.
 */
@AnalyzeClasses(packages = "dev.pipeline.boot", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule autoConfigurationsArePublicFinal = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.bePublic()
		.andShould()
		.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL);

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.pipeline.boot.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule onlyTheAutoConfigurationPackageWiresBeans = noClasses().that()
		.resideOutsideOfPackage("dev.pipeline.boot.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.springframework.context.annotation.Bean");

	@ArchTest
	static final ArchRule holdsNoSourceImplementation = noClasses().should()
		.implement(Source.class)
		.because("sources are libraries (pipeline-core, pipeline-rabbitmq, pipeline-kafka); this module only wires"
				+ " them");

}
