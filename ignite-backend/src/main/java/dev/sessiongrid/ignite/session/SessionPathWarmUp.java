package dev.sessiongrid.ignite.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.CacheConfiguration;
import org.springframework.session.FindByIndexNameSessionRepository;

import dev.sessiongrid.ignite.node.SessiongridNode;

/**
 * Runs what requests do with the session store (create and save, read, read an attribute,
 * a save that only touches, a save of a changed attribute, a principal lookup, delete)
 * over and over on a node nobody else uses, so that the JIT has compiled the store's path
 * before the instance takes its first request.
 * <p>
 * Why: on a fresh JVM that path (the repository, Ignite's cache update and read paths,
 * the binary marshaller, the attribute serializer) runs interpreted and then through
 * several compilations for its first seconds of load, and an instance that has just
 * joined a farm serves slowly exactly when a deploy needs it. Measured in
 * docs/benchmarks.md. The work runs on its own caches of a throwaway cluster of this JVM
 * ({@link dev.sessiongrid.ignite.node.NodeWarmUp#runInCluster}): one node, or three when
 * the real sessions have backups, so that a farm's remote paths are compiled too. Its
 * repository publishes no events, so no real session, event, metric or cluster member
 * sees it.
 */
public final class SessionPathWarmUp {

	/** Name of the throwaway sessions cache. */
	public static final String CACHE_NAME = "sessiongrid-warm-up";

	private static final int SESSIONS = 64;

	private static final int CART_ITEMS = 20;

	private static final String ATTRIBUTE = "warm-up-cart";

	private SessionPathWarmUp() {
	}

	/** Nodes of the throwaway cluster when the real sessions have backups. */
	public static final int FARM_NODES = 3;

	/**
	 * Returns the caches the throwaway nodes declare: a sessions cache and its principal
	 * index, configured as the real ones, with the given backups.
	 * @param backups backup copies of each entry
	 * @return the cache configurations
	 */
	public static List<CacheConfiguration<?, ?>> caches(int backups) {
		return List.of(SessionCaches.sessions(CACHE_NAME, backups), SessionCaches.principalIndex(CACHE_NAME, backups));
	}

	/**
	 * Returns how many throwaway nodes warm up the path of a real repository: one for
	 * sessions without backups; {@value #FARM_NODES} with one backup for sessions with
	 * backups, so that the remote paths of a farm (an update sent to another node's
	 * primary copy and on to its backup, a read of an entry this node has no copy of) are
	 * compiled too, not only a lone node's.
	 * @param like the real repository
	 * @return the number of nodes
	 */
	public static int nodesFor(IgniteSessionRepository like) {
		return (like.getBackups() > 0) ? FARM_NODES : 1;
	}

	/**
	 * Returns the caches of the throwaway nodes for {@link #nodesFor the real
	 * repository}.
	 * @param like the real repository
	 * @return the cache configurations
	 */
	public static List<CacheConfiguration<?, ?>> cachesFor(IgniteSessionRepository like) {
		return caches((like.getBackups() > 0) ? 1 : 0);
	}

	/**
	 * Runs the request path on the given throwaway node for about the given time, with
	 * the serializer and modes of the real repository.
	 * @param ignite a throwaway node, which declares {@link #caches(int)}
	 * @param like the real repository, whose serializer, save and flush modes and touch
	 * interval are copied
	 * @param budget how long to run, after one request of each of its sessions; an
	 * interrupt of the calling thread ends it earlier
	 * @return how many session operations ran
	 */
	public static long run(Ignite ignite, IgniteSessionRepository like, Duration budget) {
		int backups = ignite.cache(CACHE_NAME).getConfiguration(CacheConfiguration.class).getBackups();
		IgniteSessionRepository repository = new IgniteSessionRepository(SessiongridNode.of(ignite), CACHE_NAME,
				backups);
		repository.setSerializer(like.getSerializer());
		repository.setSaveMode(like.getSaveMode());
		repository.setFlushMode(like.getFlushMode());
		repository.setTouchInterval(like.getTouchInterval());
		repository.start();
		List<String> ids = new ArrayList<>();
		long operations = 0;
		try {
			for (int i = 0; i < SESSIONS; i++) {
				IgniteSession session = repository.createSession();
				session.setAttribute(ATTRIBUTE, cart(i));
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "user-" + (i % 8));
				repository.save(session);
				ids.add(session.getId());
			}
			long deadline = System.nanoTime() + budget.toNanos();
			// every session once at least, then on until the budget is spent
			for (int i = 0; (i < SESSIONS || System.nanoTime() < deadline)
					&& !Thread.currentThread().isInterrupted(); i++) {
				operations += request(repository, ids.get(i % SESSIONS), i);
			}
		}
		finally {
			ids.forEach(repository::deleteById);
			repository.close();
		}
		return operations;
	}

	/** One request's worth of operations; returns how many ran. */
	private static int request(IgniteSessionRepository repository, String id, int i) {
		IgniteSession session = repository.findById(id);
		if (session == null) {
			return 1;
		}
		@SuppressWarnings("unchecked")
		List<String> cart = (List<String>) session.getAttribute(ATTRIBUTE);
		if (cart != null && i % 5 == 0) {
			List<String> changed = new ArrayList<>(cart.subList(1, cart.size()));
			changed.add(item(i));
			session.setAttribute(ATTRIBUTE, changed);
		}
		else {
			session.setLastAccessedTime(repository.now());
		}
		repository.save(session);
		if (i % 64 == 0) {
			repository.findByPrincipalName("user-" + (i % 8));
			return 3;
		}
		return 2;
	}

	private static ArrayList<String> cart(int seed) {
		ArrayList<String> cart = new ArrayList<>();
		for (int i = 0; i < CART_ITEMS; i++) {
			cart.add(item(seed * CART_ITEMS + i));
		}
		return cart;
	}

	private static String item(int n) {
		return "item-" + n + "-" + "x".repeat(90);
	}

}
