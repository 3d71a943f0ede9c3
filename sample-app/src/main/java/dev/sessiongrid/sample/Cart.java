package dev.sessiongrid.sample;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The products a visitor has chosen and how many of each, in the order first chosen. Kept
 * in the HTTP session, so it is {@link Serializable}: Sessiongrid stores each session
 * attribute as serialized bytes. It holds product ids, not products, so that a price
 * change reaches carts already filled.
 */
public class Cart implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final LinkedHashMap<String, Integer> quantities = new LinkedHashMap<>();

	/**
	 * Adds one of a product.
	 * @param productId the product
	 */
	public void add(String productId) {
		this.quantities.merge(productId, 1, Integer::sum);
	}

	/**
	 * Takes one of a product out, if there is one.
	 * @param productId the product
	 */
	public void remove(String productId) {
		this.quantities.computeIfPresent(productId, (id, quantity) -> (quantity > 1) ? quantity - 1 : null);
	}

	/**
	 * Returns how many of each product the cart holds.
	 * @return product id to quantity, in the order first added
	 */
	public Map<String, Integer> quantities() {
		return Collections.unmodifiableMap(this.quantities);
	}

	/**
	 * Returns the number of items, counting each unit.
	 * @return the item count
	 */
	public int itemCount() {
		return this.quantities.values().stream().mapToInt(Integer::intValue).sum();
	}

}
