package dev.pipeline.docs.gettingstarted;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnFailure;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The handler of docs/getting-started.md.
 */
@PipelineHandler("sensors")
public class SensorPipeline {

	private static final Log logger = LogFactory.getLog(SensorPipeline.class);

	private final Map<Object, Integer> counts = new ConcurrentHashMap<>();

	@OnMessage
	Message<Reading> handle(Message<Reading> message) {
		return message.toBatcher("aggregates").withBatchKey(message.data().sensorId());
	}

	@OnBatch("aggregates")
	void aggregate(List<Reading> readings, BatchInfo info) {
		this.counts.merge(info.batchKey(), readings.size(), Integer::sum);
	}

	@OnFailure
	void failed(List<Message<Object>> failed) {
		failed.forEach((message) -> logger.warn("Failed: " + message.status()));
	}

}
