package dev.pipeline.rabbitmq;

import java.util.concurrent.atomic.LongAdder;

/** The running counts behind {@link RabbitSourceStats}; updated from any thread. */
final class SourceCounters {

	final LongAdder delivered = new LongAdder();

	final LongAdder acknowledged = new LongAdder();

	final LongAdder rejected = new LongAdder();

	final LongAdder requeued = new LongAdder();

	final LongAdder dropped = new LongAdder();

	final LongAdder frames = new LongAdder();

	final LongAdder connections = new LongAdder();

	void settled(Settlement settlement, int count) {
		switch (settlement) {
			case ACK -> this.acknowledged.add(count);
			case REJECT -> this.rejected.add(count);
			case REQUEUE -> this.requeued.add(count);
		}
	}

	RabbitSourceStats snapshot() {
		return new RabbitSourceStats(this.delivered.sum(), this.acknowledged.sum(), this.rejected.sum(),
				this.requeued.sum(), this.dropped.sum(), this.frames.sum(), this.connections.sum());
	}

}
