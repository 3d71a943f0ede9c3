/**
 * Spring Boot auto-configuration of Sessiongrid: binds {@code sessiongrid.*} properties,
 * starts the embedded Ignite node and backs Spring Session with it. Contains no session
 * logic of its own.
 */
@NullMarked
package dev.sessiongrid.autoconfigure;

import org.jspecify.annotations.NullMarked;
