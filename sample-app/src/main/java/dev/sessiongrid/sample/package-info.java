/**
 * The Sessiongrid sample: a shopping cart kept in the HTTP session, which every instance
 * of the farm shares through the embedded grid.
 */
@NullMarked
package dev.sessiongrid.sample;

import org.jspecify.annotations.NullMarked;
