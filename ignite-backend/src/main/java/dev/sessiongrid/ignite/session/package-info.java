/**
 * The Spring Session repository over an Ignite cache: the repository and its lifecycle,
 * the writer of saves and its delta, the store (sessions cache, principal index, memory
 * guard, lost-partition guard) and the expiry listener.
 */
@NullMarked
package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.NullMarked;
