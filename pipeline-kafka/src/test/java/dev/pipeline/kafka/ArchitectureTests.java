package dev.pipeline.kafka;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The source is a library: usable from plain Java, on pipeline-core and its broker's
 * client, with no Spring Boot in it.
 */
@AnalyzeClasses(packages = "dev.pipeline.kafka", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule importsNoSpringBoot = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework.boot..")
		.because("the source is a library; its Spring Boot wiring lives in pipeline-spring-boot-autoconfigure");

}
