package dev.pipeline.eventrelay.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Runs a {@link ContractServer} in a process of its own, driven through its standard
 * streams: {@code java -cp … dev.pipeline.eventrelay.test.ContractServerConsole [port]
 * [token]} prints {@code listening on 127.0.0.1:<port>} and serves until its standard
 * input closes; a line {@code forget <topic>} there drops a topic
 * ({@link ContractServer#forgetTopic(String)}) and is answered
 * {@code forgot <topic>: <n> events}.
 *
 * @since 0.2.0
 */
public final class ContractServerConsole {

	/** The command that drops a topic. */
	private static final String FORGET = "forget ";

	private ContractServerConsole() {
	}

	/**
	 * Serves until standard input closes.
	 * @param args the port (0 or absent: a free one), then the token (absent: none)
	 * @throws IOException when the port cannot be bound
	 */
	public static void main(String[] args) throws IOException {
		ContractServer.Builder builder = ContractServer.builder()
			.port((args.length > 0) ? Integer.parseInt(args[0]) : 0);
		if (args.length > 1) {
			builder.token(args[1]);
		}
		try (ContractServer server = builder.build().start()) {
			System.out.println("listening on 127.0.0.1:" + server.port());
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (line.startsWith(FORGET)) {
					String topic = line.substring(FORGET.length()).trim();
					System.out.println("forgot " + topic + ": " + server.forgetTopic(topic) + " events");
					System.out.flush();
				}
			}
		}
	}

}
