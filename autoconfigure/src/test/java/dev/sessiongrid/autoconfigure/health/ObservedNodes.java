package dev.sessiongrid.autoconfigure.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignite;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.node.SessiongridNodeFactory;
import dev.sessiongrid.ignite.node.SessiongridNodeSettings;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Real nodes for the metrics, health and endpoint auto-configuration tests: the node and
 * repository an application would define ({@link UserConfiguration}), and more nodes of
 * the same cluster outside the context. They use the ports of
 * {@link TestPorts#AUTOCONFIGURE_OBSERVED}, apart from the other autoconfigure tests'
 * nodes.
 */
public final class ObservedNodes implements AutoCloseable {

	/** Name of the sessions cache. */
	public static final String CACHE = "observed-sessions";

	/** Property read by {@link UserConfiguration}: backups of the sessions cache. */
	public static final String BACKUPS = "test.backups";

	/**
	 * Property read by {@link UserConfiguration}: delay in seconds before lost backups
	 * are rebuilt.
	 */
	public static final String REBUILD_DELAY = "test.backup-rebuild-delay";

	private final List<Ignite> nodes = new ArrayList<>();

	private final Duration rebuildDelay;

	/**
	 * Nodes that rebuild lost backups after the given delay (a cluster-wide setting: each
	 * node sets it on start).
	 * @param rebuildDelay the delay
	 */
	public ObservedNodes(Duration rebuildDelay) {
		this.rebuildDelay = rebuildDelay;
	}

	/**
	 * Starts a node of the test cluster outside any context.
	 * @return the node
	 */
	public Ignite start() {
		Ignite node = SessiongridNodeFactory.start(settings(this.rebuildDelay));
		this.nodes.add(node);
		return node;
	}

	/**
	 * Stops a node started by {@link #start()}, the way a node leaves on shutdown.
	 * @param node the node
	 */
	public void stop(Ignite node) {
		this.nodes.remove(node);
		node.close();
	}

	@Override
	public void close() {
		new ArrayList<>(this.nodes).forEach(this::stop);
	}

	static SessiongridNodeSettings settings(Duration rebuildDelay) {
		SessiongridNodeSettings settings = TestPorts.AUTOCONFIGURE_OBSERVED.settings();
		settings.setBackupRebuildDelay(rebuildDelay);
		return settings;
	}

	/**
	 * What an application (or the Sessiongrid node and session auto-configurations)
	 * provides: a started node and a repository over it, with {@value #BACKUPS} backups
	 * (1 unless set).
	 */
	@Configuration(proxyBeanMethods = false)
	public static class UserConfiguration {

		@Bean
		Ignite ignite(Environment environment) {
			// in seconds: a plain environment (no Boot conversion service) cannot read
			// "3s" as a Duration
			return SessiongridNodeFactory
				.start(settings(Duration.ofSeconds(environment.getProperty(REBUILD_DELAY, Long.class, 0L))));
		}

		@Bean
		IgniteSessionRepository sessionRepository(Ignite ignite, Environment environment) {
			return new IgniteSessionRepository(ignite, CACHE, environment.getProperty(BACKUPS, Integer.class, 1));
		}

	}

}
