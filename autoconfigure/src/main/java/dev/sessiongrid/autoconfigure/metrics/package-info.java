/**
 * Auto-configuration of Sessiongrid's Micrometer meters.
 */
@NullMarked
package dev.sessiongrid.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
