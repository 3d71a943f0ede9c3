package dev.sessiongrid.sample.archfixture;

import dev.sessiongrid.autoconfigure.SessiongridProperties;

/**
 * Breaks a layer rule on purpose, for {@code LayerRulesTests}: the sample reading the
 * properties class.
 */
public class SampleUsingAutoconfigureInternals {

	SessiongridProperties properties;

}
