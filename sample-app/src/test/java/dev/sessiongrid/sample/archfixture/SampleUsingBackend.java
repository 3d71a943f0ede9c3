package dev.sessiongrid.sample.archfixture;

import dev.sessiongrid.ignite.replication.ReplicationState;

/**
 * Breaks a layer rule on purpose, for {@code LayerRulesTests}: the sample reaching into
 * the backend.
 */
public class SampleUsingBackend {

	ReplicationState state;

}
