/**
 * The {@code sessiongrid} Actuator endpoint: topology, where the copies are, the last
 * failover.
 */
@NullMarked
package dev.sessiongrid.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
