package dev.sessiongrid.ignite.node;

/**
 * Hears what the embedded node's state means for the availability of the application
 * instance around it: whether it should take requests (readiness) and whether only a
 * restart can help it (liveness). The Spring Boot layer turns these into Boot's
 * availability states; the backend knows nothing of them.
 * <p>
 * Called on the backend's own threads; implementations must return quickly.
 */
public interface NodeAvailabilityListener {

	/**
	 * The node has joined and holds its share of the data: the instance may take
	 * requests.
	 */
	void acceptingTraffic();

	/**
	 * The instance should take no requests now: the node is joining, receiving its share,
	 * being replaced or leaving.
	 * @param reason why, for the log
	 */
	void refusingTraffic(String reason);

	/**
	 * The node cannot recover in this process (it could not rejoin after a segmentation
	 * or failure): only a restart of the instance helps.
	 * @param reason why, for the log
	 */
	void broken(String reason);

}
