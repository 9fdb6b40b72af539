package dev.pipeline.core.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Maps a partition key to one of {@code n} workers. An integer key picks
 * {@code floorMod(key, n)}, as Broadway's {@code rem} does, so {@code key % 2} style
 * functions keep their meaning; any other key is hashed (arrays by content) and the hash
 * mixed (MurmurHash3's finaliser), so keys with similar hashes, such as {@code k0…k999},
 * spread evenly over the workers.
 */
final class Partitions {

	private Partitions() {
	}

	static int of(@Nullable Object key, int n) {
		if (key instanceof Integer number) {
			return Math.floorMod(number, n);
		}
		if (key instanceof Long number) {
			return (int) Math.floorMod(number, (long) n);
		}
		int hash;
		if (key == null) {
			hash = 0;
		}
		else if (key instanceof byte[] bytes) {
			hash = Arrays.hashCode(bytes);
		}
		else {
			hash = key.hashCode();
		}
		return Math.floorMod(mix(hash), n);
	}

	private static int mix(int hash) {
		int h = hash;
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

}
