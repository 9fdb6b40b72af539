package dev.pipeline.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced Java and YAML blocks of a Markdown page, and the files that compile or load
 * them ("twins"). A block matches a twin that contains it, whitespace aside, so the
 * formatter may indent the twin its own way but not change a token.
 */
final class DocSnippets {

	/**
	 * The repository's root, from the sample app's directory where Maven runs its tests.
	 */
	static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	private static final Pattern BLOCK = Pattern.compile("```(java|yaml)\\n(.*?)\\n```", Pattern.DOTALL);

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private DocSnippets() {
	}

	/**
	 * Returns the Java and YAML blocks of a page.
	 * @param page the page, relative to the repository's root
	 * @return the blocks, in page order
	 */
	static List<Snippet> of(String page) {
		String text = read(ROOT.resolve(page));
		List<Snippet> snippets = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(text);
		while (matcher.find()) {
			int line = (int) text.substring(0, matcher.start()).lines().count() + 1;
			snippets.add(new Snippet(page, line, matcher.group(1), matcher.group(2)));
		}
		return snippets;
	}

	/**
	 * Returns the twins: the Java sources under {@code dev/pipeline/docs} and the YAML
	 * files of the sample app's test resources.
	 * @return the twins' paths
	 */
	static List<Path> twins() {
		Path tests = ROOT.resolve("sample-app/src/test");
		try (Stream<Path> java = Files.walk(tests.resolve("java/dev/pipeline/docs"));
				Stream<Path> yaml = Files.list(tests.resolve("resources"))) {
			return Stream
				.concat(java.filter((path) -> path.toString().endsWith(".java")),
						yaml.filter((path) -> path.toString().endsWith(".yml")))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String tokens(String text) {
		return WHITESPACE.matcher(text).replaceAll("");
	}

	/**
	 * One fenced block.
	 *
	 * @param page the page it is on
	 * @param line the line its fence opens on
	 * @param language {@code java} or {@code yaml}
	 * @param text its text
	 */
	record Snippet(String page, int line, String language, String text) {

		boolean isIn(Path twin) {
			String suffix = "java".equals(this.language) ? ".java" : ".yml";
			return twin.toString().endsWith(suffix) && tokens(read(twin)).contains(tokens(this.text));
		}

		@Override
		public String toString() {
			return this.page + ":" + this.line + " (" + this.language + ")";
		}

	}

}
