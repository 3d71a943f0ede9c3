/**
 * Where the copies of the sessions are: partition ownership across the cluster, failovers
 * and how long redundancy took to come back. Read by metrics, health, the Actuator
 * endpoint and the graceful leave.
 */
@NullMarked
package dev.sessiongrid.ignite.replication;

import org.jspecify.annotations.NullMarked;
