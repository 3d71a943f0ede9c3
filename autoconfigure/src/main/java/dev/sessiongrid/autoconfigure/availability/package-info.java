/**
 * Spring Boot availability states (readiness, liveness) that follow the embedded node.
 */
@NullMarked
package dev.sessiongrid.autoconfigure.availability;

import org.jspecify.annotations.NullMarked;
