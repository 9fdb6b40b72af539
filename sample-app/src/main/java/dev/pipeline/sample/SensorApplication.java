package dev.pipeline.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the sensor pipeline of {@code application.yml}: readings are partitioned by
 * sensor, batched per sensor, and folded into running aggregates that are published every
 * few seconds with the throughput. With no profile, readings come from an embedded
 * generator and aggregates go to the log; with profile {@code rabbitmq} or {@code kafka}
 * they come from and go to that broker, and configuration messages on the broker restart
 * the pipeline with new settings.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(SampleProperties.class)
public class SensorApplication {

	public static void main(String[] args) {
		SpringApplication.run(SensorApplication.class, args);
	}

}
