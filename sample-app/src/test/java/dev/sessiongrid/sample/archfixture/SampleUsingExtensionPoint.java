package dev.sessiongrid.sample.archfixture;

import dev.sessiongrid.autoconfigure.SessiongridIgniteConfigurationCustomizer;

/**
 * Keeps to the layers, for {@code LayerRulesTests}: a documented extension point is what
 * a user has.
 */
public class SampleUsingExtensionPoint {

	SessiongridIgniteConfigurationCustomizer customizer;

}
