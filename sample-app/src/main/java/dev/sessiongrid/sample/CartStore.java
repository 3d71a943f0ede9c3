package dev.sessiongrid.sample;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads and changes the cart held in the HTTP session.
 */
@Component
public class CartStore {

	/** Session attribute that holds the {@link Cart}. */
	public static final String ATTRIBUTE = "cart";

	private final Catalog catalog;

	public CartStore(Catalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * Returns the session's cart, or an empty one.
	 * @param session the session
	 * @return the cart; changes to it are kept only through {@link #add} and
	 * {@link #remove}
	 */
	public Cart cart(HttpSession session) {
		Object cart = session.getAttribute(ATTRIBUTE);
		return (cart instanceof Cart existing) ? existing : new Cart();
	}

	/**
	 * Adds one of a product to the session's cart.
	 * @param session the session
	 * @param productId the product; a 400 response when the shop does not sell it
	 */
	public void add(HttpSession session, String productId) {
		change(session, productId, true);
	}

	/**
	 * Takes one of a product out of the session's cart.
	 * @param session the session
	 * @param productId the product; a 400 response when the shop does not sell it
	 */
	public void remove(HttpSession session, String productId) {
		change(session, productId, false);
	}

	private void change(HttpSession session, String productId, boolean add) {
		if (this.catalog.find(productId).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "No such product: " + productId);
		}
		Cart cart = cart(session);
		if (add) {
			cart.add(productId);
		}
		else {
			cart.remove(productId);
		}
		// Set it again even when it was already there: the session store writes the
		// attributes that were set (sessiongrid.save-mode=on-set-attribute), and changing
		// the object inside does not count as setting it.
		session.setAttribute(ATTRIBUTE, cart);
	}

}
