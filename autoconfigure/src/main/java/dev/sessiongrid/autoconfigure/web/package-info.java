/**
 * How the store's temporary failures reach HTTP clients: as 503 with {@code Retry-After},
 * so that a load balancer or a browser tries again, instead of 500.
 */
@NullMarked
package dev.sessiongrid.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
