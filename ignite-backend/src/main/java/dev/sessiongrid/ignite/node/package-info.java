/**
 * The embedded Ignite server node: settings, the factory that turns them into an
 * {@code IgniteConfiguration}, and its logging.
 */
@NullMarked
package dev.sessiongrid.ignite.node;

import org.jspecify.annotations.NullMarked;
