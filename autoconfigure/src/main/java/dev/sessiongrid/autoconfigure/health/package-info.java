/**
 * Sessiongrid's health contributor, its {@code DEGRADED} status and its
 * auto-configuration.
 */
@NullMarked
package dev.sessiongrid.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
