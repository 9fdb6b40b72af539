package dev.pipeline.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Test helpers for share groups, through the Admin client: where a new group starts, and
 * how many of its members the broker has assigned.
 */
final class ShareGroups {

	private final String bootstrap;

	ShareGroups(String bootstrap) {
		this.bootstrap = bootstrap;
	}

	/**
	 * Makes a share group read records produced before it first joined
	 * ({@code share.auto.offset.reset=earliest}; the broker's default is latest).
	 */
	void startFromEarliest(String group) {
		try (Admin admin = admin()) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
			admin
				.incrementalAlterConfigs(
						Map.of(resource,
								List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sets the group's acquisition lock ({@code share.record.lock.duration.ms}); the
	 * broker must allow it ({@code group.share.min.record.lock.duration.ms}, which
	 * {@code scripts/kafka-broker.sh} sets to one second).
	 */
	void lockDuration(String group, Duration duration) {
		try (Admin admin = admin()) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
			admin.incrementalAlterConfigs(Map.of(resource,
					List.of(new AlterConfigOp(
							new ConfigEntry("share.record.lock.duration.ms", Long.toString(duration.toMillis())),
							AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException("Could not set the acquisition lock of share group " + group
					+ " (a broker started by an older scripts/kafka-broker.sh refuses locks under 15 s:"
					+ " restart it with scripts/kafka-broker.sh stop and start)", ex);
		}
	}

	/**
	 * @return the members of the group that the broker assigned partitions to
	 */
	int assignedMembers(String group) {
		try (Admin admin = admin()) {
			Collection<ShareMemberDescription> members = admin.describeShareGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get()
				.members();
			return (int) members.stream().filter((m) -> !m.assignment().topicPartitions().isEmpty()).count();
		}
		catch (InterruptedException | ExecutionException ex) {
			return 0;
		}
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap));
	}

}
