package dev.pipeline.sample;

import java.util.List;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnFailure;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of pipeline {@code sensors}: each reading goes to batcher
 * {@code per-sensor} with its sensor as the batch key, so a batch holds the readings of
 * one sensor; each batch is folded into that sensor's running aggregate. The same handler
 * runs on every source: the embedded generator, RabbitMQ and Kafka.
 */
@PipelineHandler(SampleProperties.PIPELINE)
public class SensorPipeline {

	private static final Logger logger = LoggerFactory.getLogger(SensorPipeline.class);

	private final SensorAggregates aggregates;

	public SensorPipeline(SensorAggregates aggregates) {
		this.aggregates = aggregates;
	}

	@OnMessage
	Message<Reading> handle(Message<Reading> message) {
		return message.toBatcher(SampleProperties.BATCHER).withBatchKey(message.data().sensorId());
	}

	@OnBatch(SampleProperties.BATCHER)
	void aggregate(List<Reading> readings, BatchInfo info) {
		this.aggregates.add((String) info.batchKey(), readings);
	}

	@OnFailure
	void failed(List<Message<Object>> failed) {
		failed.forEach((message) -> logger.warn("Reading failed: {}", message.status()));
	}

}
