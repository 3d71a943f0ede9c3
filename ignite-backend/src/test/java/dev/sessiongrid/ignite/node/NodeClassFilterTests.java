package dev.sessiongrid.ignite.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.MutableEntry;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteSystemProperties;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.lang.IgniteCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sessiongrid.ignite.TestCluster;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Node-to-node messages may name only Ignite's classes, the JDK classes Ignite lists and
 * Sessiongrid's own: a node that sends another class (here a node of this JVM standing in
 * for a foreign one, sending a class both have) is refused, and Sessiongrid's own traffic
 * goes through.
 */
class NodeClassFilterTests {

	private final TestCluster cluster = new TestCluster();

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void aJobOfAClassNotOnTheListIsRefusedByTheNodeThatReceivesIt() {
		List<Ignite> nodes = this.cluster.start(2);
		Ignite sender = nodes.get(0);
		Ignite receiver = nodes.get(1);

		assertThatThrownBy(() -> sender.compute(sender.cluster().forNodeId(receiver.cluster().localNode().id()))
			.call(new ForeignJob()))
			.satisfies((ex) -> assertThat(messages(ex))
				.contains("Deserialization of class " + ForeignJob.class.getName() + " is disallowed"));
		assertThat(ForeignJob.ran).isFalse();
	}

	@Test
	void anEntryProcessorOfAClassNotOnTheListIsRefusedWhileSessiongridsOwnGoThrough() {
		List<Ignite> nodes = this.cluster.start(2);
		Ignite sender = nodes.get(0);
		Ignite receiver = nodes.get(1);
		IgniteSessionRepository repository = new IgniteSessionRepository(sender, "filtered-sessions", 0);
		repository.start();
		try {
			// Sessiongrid's own classes (the record, the delta entry processor) cross
			// between the nodes
			for (int i = 0; i < 20; i++) {
				IgniteSession session = repository.createSession();
				session.setAttribute("a", "1");
				repository.save(session);
				IgniteSession found = repository.findById(session.getId());
				found.setAttribute("a", "2");
				repository.save(found);
				assertThat(repository.findById(session.getId()).<String>getAttribute("a")).isEqualTo("2");
			}
			IgniteCache<String, SessionRecord> cache = sender.cache("filtered-sessions");
			String remoteKey = keyOwnedBy(receiver, cache);

			assertThatThrownBy(() -> cache.invoke(remoteKey, new ForeignProcessor()))
				.satisfies((ex) -> assertThat(messages(ex))
					.contains("Deserialization of class " + ForeignProcessor.class.getName() + " is disallowed"));
		}
		finally {
			repository.close();
		}
	}

	@Test
	void theFactoryPointsIgniteAtSessiongridsListAndLeavesTheJvmWideFilterAlone() {
		this.cluster.start();

		assertThat(System.getProperty(IgniteSystemProperties.IGNITE_MARSHALLER_WHITELIST))
			.isEqualTo(SessiongridNodeFactory.NODE_CLASSES);
		assertThat(System.getProperty(IgniteSystemProperties.IGNITE_ENABLE_OBJECT_INPUT_FILTER_AUTOCONFIGURATION))
			.isEqualTo("false");
		// Ignite would otherwise have installed its class filter for the whole JVM
		assertThat(ObjectInputFilter.Config.getSerialFilter()).isNull();
	}

	@Test
	void theListNamesEverySerializableClassOfTheBackendAndNothingElse() throws IOException, URISyntaxException {
		List<String> listed;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(SessiongridNodeFactory.NODE_CLASSES)) {
			listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		Path classes = Path.of(SessionRecord.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> sent;
		try (Stream<Path> files = Files.walk(classes)) {
			sent = files.map((file) -> classes.relativize(file).toString())
				.filter((name) -> name.endsWith(".class") && !name.endsWith("package-info.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.filter(NodeClassFilterTests::isSentBetweenNodes)
				.toList();
		}

		assertThat(listed).containsExactlyInAnyOrderElementsOf(sent);
	}

	/**
	 * Serializable classes that are not exceptions: exceptions reach callers on the same
	 * node; everything else Serializable is there to cross.
	 */
	private static boolean isSentBetweenNodes(String className) {
		try {
			Class<?> type = Class.forName(className, false, NodeClassFilterTests.class.getClassLoader());
			return (Serializable.class.isAssignableFrom(type) || type == SessionRecord.class)
					&& !Throwable.class.isAssignableFrom(type) && !type.isEnum();
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String keyOwnedBy(Ignite node, IgniteCache<String, SessionRecord> cache) {
		for (int i = 0;; i++) {
			String key = "key-" + i;
			if (node.affinity(cache.getName()).isPrimary(node.cluster().localNode(), key)) {
				return key;
			}
		}
	}

	private static String messages(Throwable ex) {
		StringBuilder all = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			all.append(cause).append('\n');
		}
		return all.toString();
	}

	static final class ForeignJob implements IgniteCallable<String> {

		private static final long serialVersionUID = 1L;

		static volatile boolean ran;

		@Override
		public String call() {
			ran = true;
			return "ran";
		}

	}

	static final class ForeignProcessor implements CacheEntryProcessor<String, SessionRecord, Object> {

		private static final long serialVersionUID = 1L;

		@Override
		public Object process(MutableEntry<String, SessionRecord> entry, Object... arguments)
				throws EntryProcessorException {
			entry.remove();
			return "ran";
		}

	}

}
