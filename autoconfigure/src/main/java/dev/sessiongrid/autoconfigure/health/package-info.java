/**
 * Sessiongrid's health contributor, its {@code DEGRADED} status and its auto-configuration, and the replication
 * monitor that health, metrics and the endpoint share.
 */
@NullMarked
package dev.sessiongrid.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
