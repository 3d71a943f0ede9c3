/**
 * The Spring Session repository over an Ignite cache: the stored record, delta updates, the principal index and session events.
 */
@NullMarked
package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.NullMarked;
