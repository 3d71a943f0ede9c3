package dev.sessiongrid.sample.archfixture;

import org.apache.ignite.Ignite;

/**
 * Breaks a layer rule on purpose, for {@code LayerRulesTests}: the sample reaching into
 * Ignite.
 */
public class SampleUsingIgnite {

	Ignite ignite;

}
