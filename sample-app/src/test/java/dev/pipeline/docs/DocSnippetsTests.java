package dev.pipeline.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.docs.DocSnippets.Snippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java and YAML block of README.md and docs/getting-started.md has a twin here that
 * the build compiles (Java) or loads into an application that the tests run (YAML), so a
 * block can neither drift from working code nor fail. A block with no twin, or one whose
 * tokens differ from its twin's, fails here: correct the page or the twin.
 */
class DocSnippetsTests {

	static List<Snippet> snippets() {
		List<Snippet> snippets = new ArrayList<>(DocSnippets.of("README.md"));
		snippets.addAll(DocSnippets.of("docs/getting-started.md"));
		return snippets;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("snippets")
	void whenAPageShowsABlockThenATwinCompilesOrRunsIt(Snippet snippet) {
		List<Path> twins = DocSnippets.twins().stream().filter(snippet::isIn).toList();
		assertThat(twins).as("twins of the block at %s:%n%s", snippet, snippet.text()).isNotEmpty();
	}

	@Test
	void whenThePagesAreReadThenTheirJavaAndYamlBlocksAreFound() {
		assertThat(snippets()).extracting(Snippet::language)
			.containsExactly("yaml", "java", "java", "java", "yaml", "java", "java", "yaml", "java");
	}

}
