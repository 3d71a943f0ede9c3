package dev.sessiongrid.ignite.node;

/**
 * Thrown when a node with TLS is not started because every node listening at its
 * discovery addresses refused its TLS handshake.
 */
public class TlsAdmissionException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the message.
	 * @param message which nodes refused, and what to check
	 */
	public TlsAdmissionException(String message) {
		super(message);
	}

}
