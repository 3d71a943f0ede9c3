package dev.sessiongrid.ignite.archfixture;

import dev.sessiongrid.autoconfigure.SessiongridProperties;

/**
 * Breaks a layer rule on purpose, for {@code LayerRulesTests}: a backend class that reads
 * the Boot properties.
 */
public class BackendUsingAutoconfigure {

	SessiongridProperties properties;

}
