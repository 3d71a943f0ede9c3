package dev.sessiongrid.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What the shop sells, and the prices of a cart's contents.
 */
@Component
public class Catalog {

	private final List<Product> products = List.of(new Product("apple", "Apple", 45),
			new Product("bread", "Sourdough bread", 420), new Product("cheese", "Cheese, 200 g", 650),
			new Product("coffee", "Coffee beans, 250 g", 890), new Product("olives", "Olives", 375),
			new Product("wine", "Red wine", 1290));

	/**
	 * Returns everything on sale.
	 * @return the products, in display order
	 */
	public List<Product> products() {
		return this.products;
	}

	/**
	 * Finds a product by id.
	 * @param id the product id
	 * @return the product, or empty when the shop sells nothing of that id
	 */
	public Optional<Product> find(String id) {
		return this.products.stream().filter((product) -> product.id().equals(id)).findFirst();
	}

	/**
	 * Prices a cart, line by line; products no longer sold are left out.
	 * @param cart the cart
	 * @return one line per product
	 */
	public List<Line> lines(Cart cart) {
		return cart.quantities()
			.entrySet()
			.stream()
			.flatMap((entry) -> find(entry.getKey()).map((product) -> new Line(product, entry.getValue())).stream())
			.toList();
	}

	/**
	 * Returns the total price of a cart, formatted.
	 * @param cart the cart
	 * @return e.g. {@code 12.35}
	 */
	public String total(Cart cart) {
		return format(lines(cart).stream().mapToLong(Line::totalCents).sum());
	}

	static String format(long cents) {
		return String.format("%d.%02d", cents / 100, cents % 100);
	}

	/**
	 * A product and how many of it a cart holds.
	 *
	 * @param product the product
	 * @param quantity how many
	 */
	public record Line(Product product, int quantity) {

		long totalCents() {
			return this.product.priceCents() * this.quantity;
		}

		/**
		 * Returns the line's price for display.
		 * @return quantity times unit price, formatted
		 */
		public String total() {
			return format(totalCents());
		}

		/**
		 * Returns the line as a map, for the JSON API.
		 * @return product id, name, quantity and total
		 */
		public Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("product", this.product.id());
			map.put("name", this.product.name());
			map.put("quantity", this.quantity);
			map.put("total", total());
			return map;
		}

	}

}
