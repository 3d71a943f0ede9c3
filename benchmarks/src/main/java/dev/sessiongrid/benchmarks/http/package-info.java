/**
 * The HTTP benchmark app: one servlet app, one session store per process.
 */
@NullMarked
package dev.sessiongrid.benchmarks.http;

import org.jspecify.annotations.NullMarked;
