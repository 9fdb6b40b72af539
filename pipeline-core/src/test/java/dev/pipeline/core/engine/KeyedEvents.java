package dev.pipeline.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.pipeline.core.Message;
import dev.pipeline.core.support.CountingAcknowledger;

/**
 * Messages for the ordering tests: events carrying a key, their sequence number within
 * the key, and an id, with the keys interleaved at random (seeded).
 */
final class KeyedEvents {

	private KeyedEvents() {
	}

	record Event(int key, int seq, long id) {
	}

	/**
	 * @param keys how many keys
	 * @param perKey how many events each key has, numbered from 0
	 * @param acks the acknowledger of every message
	 * @return keys x perKey messages, each key's in sequence order, the keys interleaved
	 */
	static List<Message<Event>> shuffled(int keys, int perKey, CountingAcknowledger acks) {
		List<Message<Event>> messages = new ArrayList<>();
		Random random = new Random(42);
		int[] next = new int[keys];
		long id = 0;
		for (int i = 0; i < keys * perKey; i++) {
			int key = random.nextInt(keys);
			while (next[key] == perKey) {
				key = (key + 1) % keys;
			}
			messages.add(Message.of(new Event(key, next[key]++, id), acks, id++));
		}
		return messages;
	}

}
