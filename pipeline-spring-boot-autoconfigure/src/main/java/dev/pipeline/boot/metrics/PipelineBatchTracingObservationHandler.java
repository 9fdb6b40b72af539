package dev.pipeline.boot.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * Makes the span of a batch's observation ({@link BatchObservationContext}): a child of
 * the observation current on the batch worker (if any), with a span link to the span of
 * each of the batch's messages, as the messaging semantic conventions ask of a batch that
 * processes messages of many traces. Micrometer Tracing's default handler does not read
 * links from an observation's context, so this handler goes first for batch contexts; the
 * starter registers it when a {@link Tracer} bean exists, ordered before Spring Boot's
 * tracing handlers.
 *
 * <p>
 * Called on the batch worker's thread; messages that were not observed (their pipeline's
 * message observations were off, or no tracing handler saw them) add no link.
 *
 * @since 0.3.0
 */
public class PipelineBatchTracingObservationHandler implements TracingObservationHandler<BatchObservationContext> {

	private final Tracer tracer;

	/**
	 * Creates the handler.
	 * @param tracer makes the spans
	 */
	public PipelineBatchTracingObservationHandler(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onStart(BatchObservationContext context) {
		Span parent = getParentSpan(context);
		Span.Builder builder = this.tracer.spanBuilder();
		if (parent != null) {
			builder.setParent(parent.context());
		}
		else {
			builder.setNoParent();
		}
		for (Observation.ContextView message : context.getMessageContexts()) {
			TracingContext tracing = message.get(TracingContext.class);
			Span span = (tracing != null) ? tracing.getSpan() : null;
			if (span != null) {
				builder.addLink(new Link(span.context()));
			}
		}
		getTracingContext(context).setSpan(builder.name(getSpanName(context)).start());
	}

	@Override
	public void onStop(BatchObservationContext context) {
		Span span = getRequiredSpan(context);
		tagSpan(context, span);
		span.name(getSpanName(context));
		endSpan(context, span);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof BatchObservationContext;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
