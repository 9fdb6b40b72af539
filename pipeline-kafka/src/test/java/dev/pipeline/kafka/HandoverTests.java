package dev.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poll thread that waits for demand with records in hand lends its emission to the
 * thread that brings the demand: that thread emits, the poll thread sleeps on until it is
 * needed, the two never run the poll thread's part at once, and no demand is left unused.
 */
class HandoverTests {

	private static final long LONG_WAIT = TimeUnit.MINUTES.toNanos(1);

	@Test
	void whenDemandComesWhileThePollThreadWaitsThenTheThreadThatBroughtItEmitsAndTheWaiterSleepsOnUntilNeeded()
			throws Exception {
		Handover handover = new Handover();
		AtomicReference<Thread> emittedOn = new AtomicReference<>();
		AtomicBoolean needed = new AtomicBoolean();
		CountDownLatch waitEnded = new CountDownLatch(1);
		Thread poll = new Thread(() -> {
			handover.awaitDemand(LONG_WAIT, 10, false, () -> false, () -> {
				emittedOn.set(Thread.currentThread());
				return needed.get();
			});
			waitEnded.countDown();
		}, "poll");
		poll.setDaemon(true);
		poll.start();
		await().until(() -> poll.getState() == Thread.State.TIMED_WAITING);

		handover.demandAdded(9);
		assertThat(emittedOn.get()).as("demand below what the waiter wants").isNull();

		handover.demandAdded(10);
		assertThat(emittedOn.get()).as("emitted on the thread that brought the demand")
			.isSameAs(Thread.currentThread());
		assertThat(waitEnded.getCount()).as("the poll thread was not needed: it still waits").isEqualTo(1);
		assertThat(poll.getState()).isEqualTo(Thread.State.TIMED_WAITING);

		emittedOn.set(null);
		needed.set(true);
		handover.demandAdded(10);
		assertThat(emittedOn.get()).isSameAs(Thread.currentThread());
		assertThat(waitEnded.await(10, TimeUnit.SECONDS)).as("woken once the emission needs it").isTrue();
	}

	@Test
	void whenTheLentEmissionFailsThenThePollThreadIsWokenAndHoldsItsRoleAgain() throws Exception {
		Handover handover = new Handover();
		CountDownLatch waitEnded = new CountDownLatch(1);
		Thread poll = new Thread(() -> {
			handover.awaitDemand(LONG_WAIT, 1, false, () -> false, () -> {
				throw new IllegalStateException("placement failed");
			});
			waitEnded.countDown();
		}, "poll");
		poll.setDaemon(true);
		poll.start();
		await().until(() -> poll.getState() == Thread.State.TIMED_WAITING);

		try {
			handover.demandAdded(1);
		}
		catch (IllegalStateException expected) {
			// the lender's own thread sees the failure
		}
		assertThat(waitEnded.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void whenThreadsAddDemandAtOnceWhileThePollThreadWaitsThenAllOfItIsUsedPromptlyByOneThreadAtATime()
			throws Exception {
		Handover handover = new Handover();
		int adders = 2;
		int rounds = 3_000;
		AtomicLong demand = new AtomicLong();
		AtomicLong used = new AtomicLong();
		AtomicInteger lent = new AtomicInteger();
		AtomicReference<Thread> inside = new AtomicReference<>();
		ConcurrentLinkedQueue<String> overlaps = new ConcurrentLinkedQueue<>();
		AtomicBoolean stop = new AtomicBoolean();
		Runnable useDemand = () -> {
			Thread me = Thread.currentThread();
			if (!inside.compareAndSet(null, me)) {
				overlaps.add(me.getName() + " while " + inside.get());
				return;
			}
			// long enough for the other adder's demand to come meanwhile
			for (int spin = 0; spin < 200; spin++) {
				Thread.onSpinWait();
			}
			used.addAndGet(demand.getAndSet(0));
			inside.set(null);
			synchronized (used) {
				used.notifyAll();
			}
		};
		Thread poll = new Thread(() -> {
			while (!stop.get()) {
				useDemand.run();
				handover.awaitDemand(LONG_WAIT, 1, false, () -> demand.get() > 0 || stop.get(), () -> {
					useDemand.run();
					// now and then the poll thread is needed, as when its records run out
					return lent.incrementAndGet() % 7 == 0;
				});
			}
		}, "poll");
		poll.setDaemon(true);
		poll.start();
		CyclicBarrier together = new CyclicBarrier(adders);
		AtomicReference<String> stuck = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int a = 0; a < adders; a++) {
			Thread adder = new Thread(() -> {
				try {
					for (int round = 1; round <= rounds && stuck.get() == null; round++) {
						together.await(10, TimeUnit.SECONDS);
						handover.demandAdded(demand.incrementAndGet());
						long target = (long) round * adders;
						long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
						synchronized (used) {
							// blocks, so that the threads under test get the cores
							while (used.get() < target && System.nanoTime() - deadline < 0) {
								used.wait(100);
							}
						}
						if (used.get() < target) {
							stuck.compareAndSet(null, "round " + round + ": " + (target - used.get())
									+ " of the demand added left unused");
						}
					}
				}
				catch (Exception ex) {
					stuck.compareAndSet(null, ex.toString());
				}
			}, "adder-" + a);
			adder.setDaemon(true);
			threads.add(adder);
			adder.start();
		}
		for (Thread adder : threads) {
			adder.join();
		}
		stop.set(true);
		handover.signal();
		poll.join(10_000);

		assertThat(stuck.get()).isNull();
		assertThat(used.get()).isEqualTo((long) adders * rounds);
		assertThat(overlaps).isEmpty();
		assertThat(lent.get()).as("demand was used on the adders' threads").isPositive();
	}

}
