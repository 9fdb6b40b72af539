package dev.pipeline.boot.actuate;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.json.JsonWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets {@code POST /actuator/pipelines/{name}} take its restart overrides as a JSON
 * object, {@code {"action":"restart","overrides":{"batchers.store.batch-size":50}}}.
 * Actuator reads an operation's body as a flat map of text values and refuses a nested
 * object, so this filter passes the {@code overrides} object on as its JSON text, which
 * the operation parses; every other body passes unchanged. Registered for the
 * {@code pipelines} endpoint's path only.
 *
 * @since 0.2.0
 */
public final class OverridesBodyFilter extends OncePerRequestFilter {

	private static final String OVERRIDES = "overrides";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		return !"POST".equals(request.getMethod()) || contentType == null || !contentType.contains("json");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readAllBytes();
		chain.doFilter(new BodyRequest(request, rewrite(body)), response);
	}

	static byte[] rewrite(byte[] body) {
		Map<String, Object> parsed;
		try {
			parsed = JsonParserFactory.getJsonParser().parseMap(new String(body, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return body; // Actuator answers a body it cannot read with its own 400
		}
		Object overrides = parsed.get(OVERRIDES);
		if (!(overrides instanceof Map<?, ?>) && !(overrides instanceof List<?>)) {
			return body;
		}
		Map<String, Object> flat = new LinkedHashMap<>(parsed);
		flat.put(OVERRIDES, JsonWriter.standard().writeToString(overrides));
		return JsonWriter.standard().writeToString(flat).getBytes(StandardCharsets.UTF_8);
	}

	private static final class BodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("Synchronous reads only");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
