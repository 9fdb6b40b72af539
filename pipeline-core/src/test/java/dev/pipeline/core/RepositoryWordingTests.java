package dev.pipeline.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the repository says to its users, in README.md, docs/ and every module's main
 * sources (javadoc, resources and benchmark output included), names only what a reader
 * can resolve: no file outside the repository, and no words of the project's own planning
 * (numbered work sessions, issue numbers, section numbers of a specification, numbered
 * guarantees). Runs from any module of the repository's build.
 */
class RepositoryWordingTests {

	/** Text that only makes sense to the people who planned the work. */
	private static final List<Pattern> PLANNING = List.of(Pattern.compile("(?i)\\bsessions?[ -]?\\d+"),
			Pattern.compile("(?i)\\bissues? ?#?\\d+"), Pattern.compile("\\bSPEC\\b"), Pattern.compile("§"),
			Pattern.compile("(?i)\\bguarantees? ?#?\\d+"), Pattern.compile("(?i)\\brounds? ?#?\\d+ of work\\b"));

	/** Paths that lead out of the repository. */
	private static final List<Pattern> OUTSIDE = List.of(Pattern.compile("\\.\\./shared"),
			Pattern.compile("\\bshared/reference"), Pattern.compile("(?<![\\w.])/work/"));

	/** A Markdown file named in the text; it must be one of the repository's own. */
	private static final Pattern MARKDOWN_FILE = Pattern.compile("(?<![\\w.-])(?:[\\w.-]+/)*([\\w-]+\\.md)\\b");

	private static final Set<String> TEXT = Set.of("java", "md", "properties", "yml", "yaml", "json", "html", "js",
			"css", "txt", "imports", "factories", "xml");

	private static Path root;

	private static Set<String> markdownFiles;

	@BeforeAll
	static void findTheRepository() throws IOException {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("the repository root (a directory with README.md above %s)", Path.of("").toAbsolutePath())
			.isNotNull();
		root = dir;
		try (Stream<Path> files = walk(root)) {
			markdownFiles = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".md"))
				.collect(Collectors.toSet());
		}
	}

	@Test
	void whenReadmeDocsAndMainSourcesAreReadThenNoneNamesAPlanningWordOrAPathOutsideTheRepository() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path file : userFacingFiles()) {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				check(root.relativize(file) + ":" + (i + 1), lines.get(i), found);
			}
		}
		assertThat(found)
			.as("Planning words or paths outside the repository. Action: say it in words a reader of the repository"
					+ " can resolve (what the guarantee or section says, the figures themselves, a page under docs/).")
			.isEmpty();
	}

	@Test
	void whenALinePlansOrLeavesTheRepositoryThenItIsReported() {
		List<String> found = new ArrayList<>();
		check("a", "Measured in session 2, see SPEC §10 and guarantee 7 (issue 6).", found);
		check("b", "The ceilings are in /work/shared/reference/ceilings.md.", found);
		check("c", "Every key is in docs/configuration.md; Kafka's session.timeout.ms too; 5 rounds.", found);
		assertThat(found).containsExactlyInAnyOrder("a: 'session 2' is a planning word", "a: 'SPEC' is a planning word",
				"a: '§' is a planning word", "a: 'issue 6' is a planning word", "a: 'guarantee 7' is a planning word",
				"b: '/work/' leads out of the repository", "b: 'shared/reference' leads out of the repository",
				"b: 'ceilings.md' is not a file of the repository");
	}

	private static void check(String where, String line, List<String> found) {
		for (Pattern pattern : PLANNING) {
			Matcher matcher = pattern.matcher(line);
			while (matcher.find()) {
				found.add(where + ": '" + matcher.group() + "' is a planning word");
			}
		}
		for (Pattern pattern : OUTSIDE) {
			Matcher matcher = pattern.matcher(line);
			while (matcher.find()) {
				found.add(where + ": '" + matcher.group() + "' leads out of the repository");
			}
		}
		Matcher markdown = MARKDOWN_FILE.matcher(line);
		while (markdown.find()) {
			if (!markdownFiles.contains(markdown.group(1)) && !line.contains("://")) {
				found.add(where + ": '" + markdown.group(1) + "' is not a file of the repository");
			}
		}
	}

	private static List<Path> userFacingFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		files.add(root.resolve("README.md"));
		try (Stream<Path> all = walk(root)) {
			all.filter((file) -> {
				String path = root.relativize(file).toString().replace('\\', '/');
				return path.startsWith("docs/") || path.matches("[^/]+/src/main/.*");
			}).filter((file) -> TEXT.contains(extension(file))).sorted().forEach(files::add);
		}
		return files;
	}

	private static Stream<Path> walk(Path dir) {
		try {
			return Files.walk(dir).filter(Files::isRegularFile).filter((file) -> {
				String path = dir.relativize(file).toString().replace('\\', '/');
				return !path.startsWith(".git") && !path.contains("/target/") && !path.startsWith("target/")
						&& !path.contains("node_modules/");
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String extension(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return (dot >= 0) ? name.substring(dot + 1) : "";
	}

}
