package dev.sessiongrid.autoconfigure.archfixture;

import dev.sessiongrid.sample.Cart;

/**
 * Breaks a layer rule on purpose, for {@code LayerRulesTests}: the product using the
 * sample.
 */
public class AutoconfigureUsingSample {

	Cart cart;

}
