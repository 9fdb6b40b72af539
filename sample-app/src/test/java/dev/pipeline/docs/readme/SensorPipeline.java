package dev.pipeline.docs.readme;

import java.util.List;

import dev.pipeline.boot.annotation.OnBatch;
import dev.pipeline.boot.annotation.OnMessage;
import dev.pipeline.boot.annotation.PipelineHandler;
import dev.pipeline.core.BatchInfo;
import dev.pipeline.core.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

@PipelineHandler("sensors")
class SensorPipeline {

	private static final Log logger = LogFactory.getLog(SensorPipeline.class);

	@OnMessage // a broker's JSON is converted to Reading
	Message<Reading> handle(Message<Reading> message) {
		return message.toBatcher("aggregates").withBatchKey(message.data().sensorId());
	}

	@OnBatch("aggregates")
	void aggregate(List<Reading> readings, BatchInfo info) {
		double sum = readings.stream().mapToDouble(Reading::value).sum();
		logger.info(info.batchKey() + ": " + readings.size() + " readings, mean " + sum / readings.size());
	}

}
