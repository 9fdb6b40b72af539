package dev.pipeline.boot.test;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Test support is for tests: the main code of every module (the engine, the sources, the
 * auto-configuration) is checked here, where all of it is on the classpath beside this
 * module.
 */
@AnalyzeClasses(packages = "dev.pipeline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule mainCodeImportsNoTestSupport = noClasses().that()
		.resideOutsideOfPackage("dev.pipeline.boot.test..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.pipeline.boot.test..")
		.because("test support lives in pipeline-spring-boot-test, which main code never imports");

	@ArchTest
	static final ArchRule testSupportHoldsNoEngine = noClasses().that()
		.resideInAPackage("dev.pipeline.boot.test..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.pipeline.core.internal..")
		.because("test support drives pipelines through the public API only");

}
