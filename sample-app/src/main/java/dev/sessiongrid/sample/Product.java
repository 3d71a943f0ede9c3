package dev.sessiongrid.sample;

/**
 * Something the shop sells.
 *
 * @param id the identifier used in the cart and in URLs
 * @param name the name shown
 * @param priceCents the price in cents
 */
public record Product(String id, String name, long priceCents) {

	/**
	 * Returns the price for display, e.g. {@code 3.50}.
	 * @return the formatted price
	 */
	public String price() {
		return Catalog.format(this.priceCents);
	}

}
