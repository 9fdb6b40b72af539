package dev.pipeline.docs.gettingstarted;

import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;

/**
 * The handler of the orders pipeline, whose source is the {@code ordersSource} bean.
 */
@PipelineHandler("orders")
class OrderPipeline {

	@OnMessage
	String handle(String order) {
		return order.trim();
	}

}
