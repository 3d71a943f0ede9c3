/**
 * JMH benchmarks of the repository's operations.
 */
@NullMarked
package dev.sessiongrid.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
