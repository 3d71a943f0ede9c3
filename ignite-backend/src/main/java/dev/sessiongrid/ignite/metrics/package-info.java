/**
 * Micrometer meters of a Sessiongrid node: sessions held, cluster size, failovers and
 * replication state, recovery time, repository latencies, session events and sizes. Needs
 * {@code micrometer-core}, an optional dependency.
 */
@NullMarked
package dev.sessiongrid.ignite.metrics;

import org.jspecify.annotations.NullMarked;
